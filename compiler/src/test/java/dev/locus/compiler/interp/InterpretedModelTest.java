package dev.locus.compiler.interp;

import dev.locus.runtime.checkpoint.Provenances;
import dev.locus.compiler.Compilation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.checkpoint.NamedDoubles;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.LabeledImages;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.LayerReport;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.TrainingDriver;
import dev.locus.runtime.train.TrainingPlan;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interpreter trained by the runtime's training driver. */
class InterpretedModelTest {

    /** Images whose brightness pattern depends on the class, so that there is something to learn. */
    private static LabeledImages images(final String source, final int count, final long seed) {
        Random r = new Random(seed);
        int size = 2 * 6 * 6;
        byte[] pixels = new byte[count * size];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(3);
            for (int j = 0; j < size; j++) {
                int base = (j % 3 == labels[i]) ? 200 : 40;
                pixels[i * size + j] = (byte) Math.min(255, base + r.nextInt(40));
            }
        }
        return new LabeledImages(source, new int[] {2, 6, 6}, pixels, labels);
    }

    @Test
    void theDriverTrainsTheInterpretedModel() {
        var plan = InterpreterTest.plan("Net", "local_error", "adam(lr: 0.05)");
        InterpretedModel model = new InterpretedModel(Compilation.lower(plan));
        assertEquals(List.of("c1", "fc1", "fc2", "out"), model.layerNames());
        DataSet data = DataSet.of("toy", images("train", 60, 1), images("test", 30, 2), 3);
        TrainingDriver driver = new TrainingDriver(model, data,
            new TrainingPlan(Provenances.of("Net"), 10, new Schedule.Simultaneous(6), 1, Optional.empty()));
        List<EpochReport> reports = driver.run(r -> { });
        assertEquals(6, reports.size());
        for (EpochReport report : reports) {
            report.layers().forEach(l -> assertTrue(Double.isFinite(l.localLoss().getAsDouble())
                && l.localLoss().getAsDouble() > 0, l.toString()));
        }
        assertTrue(reports.get(5).testAccuracy() > 0.6, "the classes are easy: " + reports.get(5).testAccuracy());
    }

    @Test
    void underBackpropOnlyTheOutputLayerHasALossOfItsOwnAndTheHiddenOnesReportNone() {
        InterpretedModel model = new InterpretedModel(Compilation.lower(InterpreterTest.plan("Net", "backprop", "adam(lr: 0.05)")));
        assertEquals(List.of(false, false, false, true),
            java.util.stream.IntStream.range(0, 4).mapToObj(model::hasLocalLoss).toList());
        DataSet data = DataSet.of("toy", images("train", 30, 1), images("test", 10, 2), 3);
        EpochReport report = new TrainingDriver(model, data,
            new TrainingPlan(Provenances.of("Net"), 10, new Schedule.Simultaneous(1), 1, Optional.empty())).run(r -> { }).get(0);
        assertEquals(List.of(LayerReport.propagating("c1"), LayerReport.propagating("fc1"),
            LayerReport.propagating("fc2")), report.layers().subList(0, 3));
        assertTrue(report.layers().get(3).localLoss().getAsDouble() > 0, report.toString());
        assertTrue(new InterpretedModel(Compilation.lower(InterpreterTest.plan("Net", "local_error", "sgd(0.1)"))).hasLocalLoss(0),
            "under local_error every layer has its own loss");
    }

    @Test
    void parametersAndStateAreTheInterpretersLiveArraysAndCountersRestoreThroughTheirFloatPairs() {
        var plan = InterpreterTest.plan("Net", "local_error", "adam(lr: 0.05)");
        InterpretedModel model = new InterpretedModel(Compilation.lower(plan));
        LabeledImages batch = images("batch", 4, 3);
        float[] x = new float[batch.pixels().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (batch.pixels()[i] & 0xFF) / 255f;
        }
        model.setTraining(true);
        model.trainStep(x, batch.labels(), 4, new dev.locus.runtime.train.StepStats(4));
        List<NamedDoubles> params = model.parameters();
        assertEquals(List.of("c1.weight", "c1.bias", "c1.gamma", "c1.beta"),
            params.stream().map(NamedDoubles::name).toList().subList(0, 4));
        assertSame(model.interpreter().parameter("c1.weight").data(), params.get(0).values(), "live, not a copy");
        List<String> state = model.state().stream().map(t -> t.name() + " " + t.dtype() + " " + t.shapeText()).toList();
        assertTrue(state.contains("c1.running_mean F64 [3]"), state.toString());
        assertTrue(state.contains("c1.weight.adam_m F64 [3, 2, 3, 3]"), state.toString());
        assertTrue(state.contains("c1.weight.adam_step F32 [2]"), state.toString());
        NamedTensor step = (NamedTensor) model.state().stream().filter(t -> t.name().equals("c1.weight.adam_step"))
            .findFirst().orElseThrow();
        assertArrayEquals(new float[] {0f, 1f}, step.values(), "one step taken");
        step.values()[1] = 41f;
        model.trainStep(x, batch.labels(), 4, new dev.locus.runtime.train.StepStats(4));
        assertArrayEquals(new float[] {0f, 42f}, step.values(), "a written counter is read back before the next step");
    }
}
