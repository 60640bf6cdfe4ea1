package dev.locus.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.CheckpointException;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.checkpoint.Provenances;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.Samples;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.SyntheticData;
import dev.locus.runtime.train.TrainingDriver;
import dev.locus.runtime.train.TrainingPlan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledNetworkTest {
    private static final DataSet DATA = SyntheticData.make(600, 200);
    private static final int STEPS = (600 + TinyDenseNetwork.CAPACITY - 1) / TinyDenseNetwork.CAPACITY;

    @TempDir
    Path dir;

    private static TinyDenseNetwork initialized(final long seed) {
        final TinyDenseNetwork model = new TinyDenseNetwork();
        model.initialize(seed);
        return model;
    }

    private static TrainingPlan plan(final int epochs, final Path checkpoint) {
        return new TrainingPlan(Provenances.of("Tiny"), TinyDenseNetwork.CAPACITY, new Schedule.Simultaneous(epochs), 5,
            Optional.ofNullable(checkpoint));
    }

    @Test
    void aSubclassOfStraightLineKernelCallsTrainsThroughTheDriver() {
        final TinyDenseNetwork model = initialized(1);
        final List<EpochReport> reports = new TrainingDriver(model, DATA, plan(6, null)).run(r -> { });
        final EpochReport first = reports.get(0);
        final EpochReport last = reports.get(5);
        assertTrue(last.testAccuracy() > 0.85, "test accuracy " + last.testAccuracy() + " (chance is 0.25)");
        assertTrue(last.layers().get(0).localAccuracy().orElseThrow() > 0.6, "hidden layer's own classifier: " + last.layers().get(0));
        for (int layer = 0; layer < 2; layer++) {
            assertTrue(last.layers().get(layer).localLoss().orElseThrow() < first.layers().get(layer).localLoss().orElseThrow(),
                "the loss of layer " + layer + " goes down");
        }
        assertEquals(6L * STEPS, StepCounter.count(tensor(model.state(), "hidden.adam_step")));
    }

    @Test
    void theModelListsItsParametersAndStateByNameAndShapeInRegistrationOrder() {
        final TinyDenseNetwork model = initialized(1);
        assertEquals(List.of("hidden", "out"), model.layerNames());
        assertEquals(List.of("hidden.weight [24, 16]", "hidden.bias [24]", "out.weight [4, 24]", "out.bias [4]"),
            describe(model.parameters()));
        assertEquals(List.of("hidden.weight.adam_m [24, 16]", "hidden.weight.adam_v [24, 16]",
            "hidden.bias.adam_m [24]", "hidden.bias.adam_v [24]", "hidden.adam_step [2]", "out.weight.velocity [4, 24]",
            "out.bias.velocity [4]"), describe(model.state()));
        assertEquals(11, model.tensors().size());
        assertEquals("Tiny", model.network());
        assertEquals(16, model.sampleSize());
        assertEquals(4, model.classes());
        assertEquals(32, model.batchCapacity());
    }

    private static List<String> describe(final List<? extends CheckpointTensor> tensors) {
        return tensors.stream().map(t -> t.name() + " " + t.shapeText()).toList();
    }

    private static float[] tensor(final List<NamedTensor> tensors, final String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().values();
    }

    @Test
    void aFrozenLayerReportsItsLossButKeepsItsParametersAndItsState() {
        final TinyDenseNetwork model = initialized(2);
        final float[][] before = snapshot(model.tensors());
        model.setTrainable(0, false);
        final StepStats stats = new StepStats(2);
        trainOneBatch(model, 0, stats);
        final float[][] after = snapshot(model.tensors());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(before[i], after[i], model.tensors().get(i).name());
        }
        for (int i = 4; i < 9; i++) {
            assertArrayEquals(before[i], after[i], model.tensors().get(i).name());
        }
        assertFalse(Arrays.equals(before[2], after[2]), "the output layer learns");
        assertTrue(stats.reported(0) && stats.reported(1));
        assertTrue(stats.loss(0) > 0);
    }

    private static void trainOneBatch(final CompiledModel model, final int batch, final StepStats stats) {
        final Samples train = DATA.train();
        final int first = batch * TinyDenseNetwork.CAPACITY;
        final float[] images = Arrays.copyOfRange(train.images(), first * 16, (first + TinyDenseNetwork.CAPACITY) * 16);
        final int[] labels = Arrays.copyOfRange(train.labels(), first, first + TinyDenseNetwork.CAPACITY);
        model.trainStep(images, labels, TinyDenseNetwork.CAPACITY, stats);
    }

    private static float[][] snapshot(final List<NamedTensor> tensors) {
        return tensors.stream().map(t -> t.values().clone()).toArray(float[][]::new);
    }

    @Test
    void saveAndLoadCarryTheTrainingStateSoThatTrainingResumesExactly() {
        final TinyDenseNetwork a = initialized(3);
        final StepStats stats = new StepStats(2);
        for (int b = 0; b < 5; b++) {
            trainOneBatch(a, b, stats);
        }
        final Path file = dir.resolve("tiny.ckpt");
        a.save(file, Provenances.of("Tiny"), new TrainingPosition(4, 0));
        final TinyDenseNetwork b = initialized(3);
        final Checkpoint read = b.load(file);
        assertEquals(4, read.position().epoch());
        assertEquals(11, read.tensors().size());
        for (int step = 5; step < 8; step++) {
            trainOneBatch(a, step, stats);
            trainOneBatch(b, step, stats);
        }
        final float[][] x = snapshot(a.tensors());
        final float[][] y = snapshot(b.tensors());
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], y[i], a.tensors().get(i).name());
        }
        assertEquals(8, StepCounter.count(tensor(b.state(), "hidden.adam_step")));
    }

    @Test
    void theDriversCheckpointHoldsTheStateTooAndLoadRestoresAllOfIt() {
        final Path file = dir.resolve("driver.ckpt");
        final TinyDenseNetwork trained = initialized(4);
        new TrainingDriver(trained, DATA, plan(1, file)).run(r -> { });
        final TinyDenseNetwork model = initialized(4);
        trainOneBatch(model, 0, new StepStats(2));
        model.load(file);
        assertEquals(describe(trained.tensors()), describe(model.tensors()));
        for (int i = 0; i < trained.tensors().size(); i++) {
            assertArrayEquals(trained.tensors().get(i).values(), model.tensors().get(i).values());
        }
        assertEquals(STEPS, StepCounter.count(tensor(model.state(), "hidden.adam_step")));
        final CheckpointException e = assertThrows(CheckpointException.class,
            () -> model.load(dir.resolve("missing.ckpt")));
        assertEquals(dir.resolve("missing.ckpt") + ": no such file", e.getMessage());
    }

    @Test
    void predictIsTheArgmaxOfPredictScores() {
        final TinyDenseNetwork model = initialized(5);
        new TrainingDriver(model, DATA, plan(1, null)).run(r -> { });
        final Samples test = DATA.test();
        final float[] images = Arrays.copyOf(test.images(), 20 * 16);
        final float[] scores = new float[20 * 4];
        final int[] predicted = new int[20];
        model.predictScores(images, 20, scores);
        model.predict(images, 20, predicted);
        for (int i = 0; i < 20; i++) {
            assertEquals(Scores.argmax(scores, i, 4), predicted[i]);
        }
        assertEquals(1, Scores.argmax(new float[] {1, 3, 3, 0}, 0, 2));
        assertEquals(0, Scores.argmax(new float[] {1, 3, 3, 0}, 1, 2));
        assertEquals(0, Scores.argmax(new float[] {2, 2}, 0, 2), "the first on a tie");
    }

    @Test
    void everyBadArgumentIsRefusedWithWhatWasWrong() {
        final float[] images = new float[32 * 16];
        final int[] labels = new int[32];
        final StepStats stats = new StepStats(2);
        assertEquals("network Tiny has no parameters yet: call initialize(seed) first (load restores into an "
                + "initialized network, whose fixed tensors come from the seed)",
            assertThrows(IllegalStateException.class, () -> new TinyDenseNetwork().trainStep(images, labels, 1, stats))
                .getMessage());
        final TinyDenseNetwork model = initialized(1);
        assertEquals("count must be between 1 and the batch capacity 32 of network Tiny, got 33",
            refused(() -> model.trainStep(new float[33 * 16], new int[33], 33, stats)));
        assertEquals("count must be between 1 and the batch capacity 32 of network Tiny, got 0",
            refused(() -> model.predict(images, 0, new int[1])));
        assertEquals("3 samples of 16 floats need 48 floats of images, got 47",
            refused(() -> model.trainStep(new float[47], labels, 3, stats)));
        assertEquals("3 samples need 3 labels, got 2", refused(() -> model.trainStep(images, new int[2], 3, stats)));
        assertEquals("labels[1] = 4 is not a class in [0, 4)",
            refused(() -> model.trainStep(images, new int[] {0, 4, 0}, 3, stats)));
        assertEquals("stats must have room for the 2 layers of network Tiny, got 3",
            refused(() -> model.trainStep(images, labels, 3, new StepStats(3))));
        assertEquals("predicted must have room for 5 classes, got 4", refused(() -> model.predict(images, 5, new int[4])));
        assertEquals("scores must have room for 5 x 4 floats, got 19",
            refused(() -> model.predictScores(images, 5, new float[19])));
        assertEquals("layer 2 does not exist: network Tiny has 2 layers", refused(() -> model.setTrainable(2, false)));
    }

    private static String refused(final Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void aStepCounterStaysExactPastTheLastIntegerAFloatHolds() {
        final float[] counter = new float[StepCounter.LENGTH];
        assertEquals(1, StepCounter.advance(counter));
        counter[0] = 0;
        counter[1] = 16_777_215f;
        assertEquals(16_777_216, StepCounter.advance(counter));
        assertEquals(16_777_217, StepCounter.advance(counter));
        assertArrayEquals(new float[] {1f, 1f}, counter);
        counter[0] = 200f;
        counter[1] = 0f;
        assertEquals(Integer.MAX_VALUE, StepCounter.advance(counter), "capped for kernels that take an int step");
        assertEquals(200L * 16_777_216 + 1, StepCounter.count(counter));
    }

    @Test
    void checkpointsOfTheModelAreOrdinaryCheckpointFiles() {
        final TinyDenseNetwork model = initialized(6);
        final Path file = dir.resolve("m.ckpt");
        model.save(file, Provenances.of("Tiny"), TrainingPosition.START);
        final Checkpoint read = CheckpointFile.read(file);
        assertEquals("Tiny", read.provenance().network());
        assertEquals(describe(model.tensors()).stream().sorted().toList(), describe(read.tensors()));
        final NamedTensor first = model.parameters().get(0);
        assertArrayEquals(first.values(), ((NamedTensor) read.tensor(first.name())).values());
    }
}
