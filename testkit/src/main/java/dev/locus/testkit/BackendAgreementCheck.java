package dev.locus.testkit;

import dev.locus.compiler.backend.Tolerance;
import dev.locus.compiler.interp.InterpretedModel;
import dev.locus.compiler.jvm.JvmBackend;
import dev.locus.runtime.checkpoint.NamedDoubles;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.train.StepStats;
import java.util.List;
import java.util.Locale;

/**
 * {@link Property#BACKENDS_AGREE}: the interpreter and the JVM backend train a case step by step
 * from the same seed on the same batches; after each step every layer's loss and every parameter
 * agree within the program's {@link Tolerance}.
 */
final class BackendAgreementCheck implements Check {
    static final int STEPS = 6;
    /** A loss beyond this says that training diverged. */
    static final double DIVERGED = 1e6;

    @Override
    public Property property() {
        return Property.BACKENDS_AGREE;
    }

    @Override
    public String optimizer() {
        return "sgd(lr: 0.02, momentum: 0.5)";
    }

    @Override
    public int tries(final int tries) {
        return Check.share(tries, 4);
    }

    @Override
    public int shrinkBudget() {
        return 40;
    }

    @Override
    public Outcome run(final Trial t) {
        Tolerance tolerance = Tolerance.of(t.graph);
        InterpretedModel reference = new InterpretedModel(t.graph);
        CompiledNetwork jvm = new JvmBackend().model(t.jvmGraph());
        int layers = reference.layerNames().size();
        int compared = 0;
        for (int step = 1; step <= STEPS; step++) {
            ClusterData d = t.data(t.kase.batch(), step);
            StepStats r = new StepStats(layers);
            StepStats j = new StepStats(layers);
            reference.trainStep(d.images(), d.labels(), d.count(), r);
            jvm.trainStep(d.images(), d.labels(), d.count(), j);
            if (diverged(r, layers)) {
                // Float overflows where double does not: there is no agreement to ask for.
                return Outcome.inconclusive("training diverged");
            }
            for (int l = 0; l < layers; l++) {
                if (r.reported(l) && !close(r.loss(l), j.loss(l), Math.max(Math.abs(r.loss(l)), Tolerance.FLOOR),
                        tolerance)) {
                    return Outcome.fail(String.format(Locale.ROOT, "step %d: the loss of %s is %.7g on jvm, %.7g on "
                            + "the interpreter (tolerance %s)", step, reference.layerNames().get(l), j.loss(l),
                            r.loss(l), tolerance.relative()));
                }
            }
            List<NamedDoubles> expected = reference.parameters();
            List<NamedTensor> actual = jvm.parameters();
            for (int p = 0; p < expected.size(); p++) {
                double[] x = expected.get(p).values();
                float[] y = actual.get(p).values();
                double scale = Math.max(rms(x), Tolerance.FLOOR);
                for (int i = 0; i < x.length; i++) {
                    compared++;
                    if (!close(x[i], y[i], Math.max(Math.abs(x[i]), scale), tolerance)) {
                        return Outcome.fail(String.format(Locale.ROOT, "step %d: %s[%d] is %.7g on jvm, %.7g on the "
                                + "interpreter (tolerance %s)", step, expected.get(p).name(), i, y[i], x[i],
                                tolerance.relative()));
                    }
                }
            }
        }
        return Outcome.pass(compared);
    }

    /** Whether a loss has grown beyond any a training run that converges has. */
    private static boolean diverged(final StepStats stats, final int layers) {
        for (int l = 0; l < layers; l++) {
            if (stats.reported(l) && !(Math.abs(stats.loss(l)) < DIVERGED)) {
                return true;
            }
        }
        return false;
    }

    private static double rms(final double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }

    private static boolean close(final double expected, final double actual, final double scale, final Tolerance t) {
        return Math.abs(actual - expected) <= t.relative() * scale;
    }

    @Override
    public String summary(final int cases, final int compared) {
        return "jvm trains " + Check.count(cases, "network") + " as the interpreter does (" + compared
                + " values over " + STEPS
                + " steps, within the cross-backend tolerances)";
    }
}
