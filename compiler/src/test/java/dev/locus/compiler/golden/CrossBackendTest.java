package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.backend.Tolerance;
import dev.locus.compiler.interp.InterpretedModel;
import dev.locus.compiler.interp.Interpreter;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every backend against the reference interpreter on every golden program: losses, correct
 * counts, parameters and the probe's predictions and scores after every step, within the
 * program's {@link Tolerance}. The interpreter is the only backend today; then the comparison
 * has nothing to run and says so, while its self-checks still run: the tolerance admits the
 * interpreter whose parameters are rounded to float after every step, and the comparison
 * catches a difference just beyond it.
 */
class CrossBackendTest {

    @TestFactory
    Stream<DynamicTest> everyBackendAgreesWithTheInterpreter() {
        List<GoldenBackend> others = GoldenBackend.all().stream()
                .filter(b -> !b.name().equals(GoldenBackend.REFERENCE)).toList();
        if (others.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("no backend besides " + GoldenBackend.REFERENCE,
                    () -> Assumptions.abort("only one backend exists (" + GoldenBackend.REFERENCE + ", the reference);"
                            + " there is no second backend to compare with it yet")));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenBackend backend : others) {
            for (Path p : GoldenCorpus.programs()) {
                tests.add(DynamicTest.dynamicTest(p.getFileName() + " on " + backend.name(), () -> {
                    GoldenRuns run = GoldenRuns.of(p);
                    Tolerance t = Tolerance.of(run.ir());
                    Agreement a = Agreement.of(run.reference(), run.run(backend), t.relative());
                    assertTrue(a.agrees(), p.getFileName() + " on " + backend.name() + " differs from "
                            + GoldenBackend.REFERENCE + " beyond " + t + " (" + t.relative() + "):\n  "
                            + String.join("\n  ", a.problems()));
                    System.out.printf(Locale.ROOT, "golden %s on %s: %s (%.0e), the worst difference used %.1e of it%n",
                            p.getFileName(), backend.name(), t, t.relative(), a.worst());
                }));
            }
        }
        return tests.stream();
    }

    /**
     * The interpreter with every parameter rounded to float after each step, as a float backend
     * stores them (its arithmetic, optimizer state and running statistics stay double): the
     * rounding alone must stay well within the tolerance, or the tolerance could not admit a
     * float backend at all.
     */
    @TestFactory
    Stream<DynamicTest> roundingParametersToFloatStaysWithinTheTolerance() {
        return GoldenCorpus.programs().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            GoldenRuns run = GoldenRuns.of(p);
            Tolerance t = Tolerance.of(run.ir());
            GoldenBackend rounded = new GoldenBackend("interp with float parameters", plan -> {
                GoldenBackend.Subject s = GoldenBackend.interpreter().model(plan);
                return new GoldenBackend.Subject(new FloatParameters((InterpretedModel) s.model()), s.scores());
            });
            Agreement a = Agreement.of(run.reference(), run.run(rounded), t.relative());
            System.out.printf(Locale.ROOT, "golden %s: %s (%.0e), rounding the parameters to float uses %.1e of it%n", run.name(), t,
                    t.relative(), a.worst());
            assertTrue(a.agrees(), String.join("\n", a.problems()));
            assertTrue(a.worst() > 0, "rounding to float changed nothing: the self-check compares nothing");
        }));
    }

    @Test
    void aParameterJustBeyondTheToleranceIsCaught() {
        GoldenRuns run = GoldenRuns.of(GoldenCorpus.programs().get(0));
        Trace reference = run.reference();
        double tolerance = Tolerance.of(run.ir()).relative();
        Trace.Step last = reference.last();
        String name = last.parameters().keySet().iterator().next();
        float[] values = last.parameters().get(name).clone();
        double[] asDouble = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i];
        }
        double scale = Math.max(Math.max(Math.abs(values[0]), Agreement.rms(asDouble)), Agreement.FLOOR);
        values[0] += (float) (1.5 * tolerance * scale);
        Map<String, float[]> parameters = new LinkedHashMap<>(last.parameters());
        parameters.put(name, values);
        Agreement a = Agreement.of(reference, replaceLast(reference, new Trace.Step(last.epoch(), last.count(),
                last.trained(), last.layers(), last.loss(), last.correct(), parameters, last.predicted(),
                last.scores())), tolerance);
        assertFalse(a.agrees());
        assertEquals(1, a.problems().size(), a.problems().toString());
        assertTrue(a.problems().get(0).startsWith("step " + reference.steps().size() + ": " + name + "[0] "),
                a.problems().get(0));
    }

    @Test
    void aPredictionThatFlipsIsCaughtUnlessItsScoresTie() {
        GoldenRuns run = GoldenRuns.of(GoldenCorpus.programs().get(0));
        Trace reference = run.reference();
        Trace.Step last = reference.last();
        int classes = last.scores().length / last.predicted().length;
        int[] flipped = last.predicted().clone();
        flipped[0] = (flipped[0] + 1) % classes;
        Trace other = replaceLast(reference, new Trace.Step(last.epoch(), last.count(), last.trained(), last.layers(),
                last.loss(), last.correct(), last.parameters(), flipped, last.scores()));
        Agreement a = Agreement.of(reference, other, 1e-4);
        assertEquals(List.of("step " + reference.steps().size() + ": probe sample 0 predicted " + flipped[0]
                + ", expected " + last.predicted()[0]), a.problems());
        double[] tied = last.scores().clone();
        tied[flipped[0]] = tied[last.predicted()[0]];
        Trace tiedReference = replaceLast(reference, new Trace.Step(last.epoch(), last.count(), last.trained(),
                last.layers(), last.loss(), last.correct(), last.parameters(), last.predicted(), tied));
        Trace tiedOther = replaceLast(tiedReference, new Trace.Step(last.epoch(), last.count(), last.trained(),
                last.layers(), last.loss(), last.correct(), last.parameters(), flipped, tied));
        assertTrue(Agreement.of(tiedReference, tiedOther, 1e-4).agrees());
    }

    private static Trace replaceLast(final Trace t, final Trace.Step step) {
        List<Trace.Step> steps = new ArrayList<>(t.steps());
        steps.set(steps.size() - 1, step);
        return new Trace(t.backend() + "*", steps);
    }

    /** The interpreter, its parameters rounded to float after every step. */
    private static final class FloatParameters implements TrainableModel {
        private final InterpretedModel model;

        FloatParameters(final InterpretedModel model) {
            this.model = model;
            round();
        }

        private void round() {
            Interpreter interpreter = model.interpreter();
            for (String name : interpreter.parameterNames()) {
                double[] values = interpreter.parameter(name).data();
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) values[i];
                }
            }
        }

        @Override
        public List<String> layerNames() {
            return model.layerNames();
        }

        @Override
        public void setTraining(final boolean training) {
            model.setTraining(training);
        }

        @Override
        public void setTrainable(final int layer, final boolean trainable) {
            model.setTrainable(layer, trainable);
        }

        @Override
        public boolean hasLocalLoss(final int layer) {
            return model.hasLocalLoss(layer);
        }

        @Override
        public boolean hasLocalClassifier(final int layer) {
            return model.hasLocalClassifier(layer);
        }

        @Override
        public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
            model.trainStep(images, labels, count, stats);
            round();
        }

        @Override
        public void predict(final float[] images, final int count, final int[] predicted) {
            model.predict(images, count, predicted);
        }

        @Override
        public List<? extends CheckpointTensor> parameters() {
            return model.parameters();
        }

        @Override
        public List<? extends CheckpointTensor> state() {
            return model.state();
        }
    }
}
