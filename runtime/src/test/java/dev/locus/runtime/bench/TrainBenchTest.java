package dev.locus.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.data.Samples;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import dev.locus.runtime.train.TrainingDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrainBenchTest {
    /** Sample i is one float of value i, labelled i: a step's batch says which samples it got. */
    private static Samples numbered(final int n) {
        float[] images = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            images[i] = i;
            labels[i] = i;
        }
        return new Samples(images, labels, 1);
    }

    /** Records each step's samples, checking that images and labels agree and that every layer trains. */
    private static final class Recorder implements TrainableModel {
        final List<int[]> steps = new ArrayList<>();
        final boolean[] trainable = {false, false};
        boolean training;

        @Override
        public List<String> layerNames() {
            return List.of("hidden", "out");
        }

        @Override
        public void setTraining(final boolean on) {
            training = on;
        }

        @Override
        public void setTrainable(final int layer, final boolean on) {
            trainable[layer] = on;
        }

        @Override
        public boolean hasLocalLoss(final int layer) {
            return true;
        }

        @Override
        public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
            assertTrue(training && trainable[0] && trainable[1], "a benchmark step trains every layer");
            for (int i = 0; i < count; i++) {
                assertEquals(labels[i], (int) images[i], "the image and label of one sample");
            }
            steps.add(Arrays.copyOf(labels, count));
        }

        @Override
        public void predict(final float[] images, final int count, final int[] predicted) {
            throw new AssertionError("a benchmark does not predict");
        }

        @Override
        public List<NamedTensor> parameters() {
            return List.of();
        }

        @Override
        public List<NamedTensor> state() {
            return List.of();
        }
    }

    @Test
    void exactStepsAfterTheWarmUpStepsOfWholeBatchesInTheDriversOrder() {
        Recorder model = new Recorder();
        TrainBench.Result r = TrainBench.run(model, numbered(10), new TrainBench.Plan(4, 7, 2, 0, OptionalInt.of(3), 0));
        assertEquals(2, r.warmupSteps());
        assertEquals(3, r.steps());
        assertEquals(4, r.batch());
        assertEquals(5, model.steps.size(), "warm-up and timed steps");
        // 10 samples hold two whole batches of 4: the last 2 of each epoch's order are left out.
        int[] first = TrainingDriver.order(7, 1, 10);
        int[] second = TrainingDriver.order(7, 2, 10);
        int[] third = TrainingDriver.order(7, 3, 10);
        List<int[]> expected = List.of(Arrays.copyOfRange(first, 0, 4), Arrays.copyOfRange(first, 4, 8),
                Arrays.copyOfRange(second, 0, 4), Arrays.copyOfRange(second, 4, 8), Arrays.copyOfRange(third, 0, 4));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Arrays.toString(expected.get(i)), Arrays.toString(model.steps.get(i)), "step " + (i + 1));
        }
        assertEquals(r.steps() * 4 / r.seconds(), r.imagesPerSecond(), 1e-9);
    }

    @Test
    void withoutAStepCountAtLeastTheFewestTimedSteps() {
        Recorder model = new Recorder();
        TrainBench.Result r = TrainBench.run(model, numbered(8), new TrainBench.Plan(8, 1, 0, 0, OptionalInt.empty(), 0));
        assertEquals(0, r.warmupSteps());
        assertEquals(TrainBench.LEAST_TIMED_STEPS, r.steps());
        assertEquals(TrainBench.LEAST_TIMED_STEPS, model.steps.size());
    }

    @Test
    void warmUpLastsItsTimeEvenPastItsSteps() {
        Recorder model = new Recorder();
        TrainBench.Result r = TrainBench.run(model, numbered(8),
                new TrainBench.Plan(2, 1, 1, 0.05, OptionalInt.of(1), 0));
        assertTrue(r.warmupSeconds() >= 0.05, "warm-up of " + r.warmupSeconds() + " s");
        assertTrue(r.warmupSteps() > 1, r.warmupSteps() + " warm-up steps of a step that takes no time");
    }

    @Test
    void aSetSmallerThanOneBatchIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainBench.run(new Recorder(), numbered(3), new TrainBench.Plan(4, 1, 0, 0, OptionalInt.of(1), 0)));
        assertEquals("3 samples cannot fill a batch of 4", e.getMessage());
    }
}
