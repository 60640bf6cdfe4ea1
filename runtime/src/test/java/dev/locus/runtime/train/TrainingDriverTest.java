package dev.locus.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.LocusException;
import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.checkpoint.Provenances;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.data.DataSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDriverTest {
    private static final DataSet DATA = SyntheticData.make(600, 200);
    private static final int BATCH = 32;
    private static final int STEPS = (600 + BATCH - 1) / BATCH;

    @TempDir
    Path dir;

    private static LocalErrorMlp model(final long seed) {
        return new LocalErrorMlp(16, 24, SyntheticData.CLASSES, 0.05f, seed);
    }

    private static TrainingPlan plan(final Schedule schedule, final long seed, final Path checkpoint) {
        return new TrainingPlan(Provenances.of("Tiny"), BATCH, schedule, seed, Optional.ofNullable(checkpoint));
    }

    @Test
    void itLearnsWellAboveChance() {
        final List<EpochReport> reports = new TrainingDriver(model(1), DATA, plan(new Schedule.Simultaneous(6), 1, null))
            .run(r -> { });
        assertEquals(6, reports.size());
        final EpochReport first = reports.get(0);
        final EpochReport last = reports.get(5);
        assertTrue(last.testAccuracy() > 0.85, "test accuracy " + last.testAccuracy() + " (chance is 0.25)");
        assertTrue(last.layers().get(0).localAccuracy().getAsDouble() > 0.6, "hidden layer's own classifier: " + last.layers().get(0));
        assertTrue(last.layers().get(1).localAccuracy().getAsDouble() > 0.85, "output layer: " + last.layers().get(1));
        for (int layer = 0; layer < 2; layer++) {
            assertTrue(last.layers().get(layer).localLoss().getAsDouble()
                    < first.layers().get(layer).localLoss().getAsDouble(),
                "the loss of layer " + layer + " goes down");
        }
        assertEquals(List.of("hidden", "out"), last.trained());
        assertEquals(Optional.empty(), last.phase(), "every layer trains in every epoch");
        assertEquals(6, last.epochs());
        assertTrue(last.trainSeconds() > 0 && last.imagesPerSecond() > 0);
        assertEquals(600 / last.trainSeconds(), last.imagesPerSecond(), 1e-6 * last.imagesPerSecond());
    }

    @Test
    void theSameSeedGivesBitIdenticalParametersAndAnotherSeedDoesNot() {
        final float[][] a = trainedParameters(7, 7);
        final float[][] b = trainedParameters(7, 7);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "parameter " + i);
            for (int j = 0; j < a[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(a[i][j]), Float.floatToRawIntBits(b[i][j]));
            }
        }
        final float[][] otherOrder = trainedParameters(7, 8);
        assertFalse(Arrays.equals(a[0], otherOrder[0]), "another data seed shuffles differently");
    }

    private static float[][] trainedParameters(final long initSeed, final long dataSeed) {
        final LocalErrorMlp m = model(initSeed);
        new TrainingDriver(m, DATA, plan(new Schedule.Simultaneous(2), dataSeed, null)).run(r -> { });
        return RecordingModel.snapshot(m);
    }

    @Test
    void everyEpochVisitsEverySampleOnceInTheSeededOrderWithAPartialLastBatch() {
        final RecordingModel m = new RecordingModel(model(1), STEPS);
        new TrainingDriver(m, DATA, plan(new Schedule.Simultaneous(2), 5, null)).run(r -> { });
        assertEquals(2 * STEPS, m.counts.size());
        assertEquals(BATCH, m.counts.get(0));
        assertEquals(600 - (STEPS - 1) * BATCH, m.counts.get(STEPS - 1));
        final int[] labels = DATA.train().labels();
        for (int epoch = 1; epoch <= 2; epoch++) {
            final int[] order = TrainingDriver.order(5, epoch, 600);
            for (int i = 0; i < 600; i++) {
                assertEquals(labels[order[i]], m.labelsSeen.get((epoch - 1) * 600 + i));
            }
        }
        assertFalse(Arrays.equals(TrainingDriver.order(5, 1, 600), TrainingDriver.order(5, 2, 600)));
    }

    @Test
    void layerwiseTrainsOneLayerAtATimeInOrderAndFreezesTheRest() {
        final LocalErrorMlp inner = model(3);
        final RecordingModel m = new RecordingModel(inner, STEPS);
        final float[][] initial = RecordingModel.snapshot(inner);
        final List<float[][]> afterEpoch = new ArrayList<>();
        final List<EpochReport> reports = new TrainingDriver(m, DATA, plan(new Schedule.Layerwise(2), 3, null))
            .run(r -> afterEpoch.add(RecordingModel.snapshot(inner)));
        assertEquals(4, reports.size());
        for (int step = 0; step < m.trainableAtStep.size(); step++) {
            assertEquals(step < 2 * STEPS ? "10" : "01", m.trainableAtStep.get(step), "step " + step);
        }
        assertEquals(List.of("hidden"), reports.get(1).trained());
        assertEquals(List.of("out"), reports.get(2).trained());
        assertEquals(Optional.of(new EpochReport.Phase("hidden", 1, 2)), reports.get(1).phase());
        assertEquals(Optional.of(new EpochReport.Phase("out", 2, 2)), reports.get(2).phase());
        assertEquals(4, reports.get(2).epochs());
        assertEquals("Tiny", reports.get(2).network());
        // Epochs 1-2: the output layer keeps its initial weights; epochs 3-4: the hidden layer keeps epoch 2's.
        assertArrayEquals(initial[2], afterEpoch.get(1)[2]);
        assertFalse(Arrays.equals(initial[0], afterEpoch.get(1)[0]));
        assertArrayEquals(afterEpoch.get(1)[0], afterEpoch.get(3)[0]);
        assertArrayEquals(afterEpoch.get(1)[1], afterEpoch.get(3)[1]);
        assertFalse(Arrays.equals(afterEpoch.get(1)[2], afterEpoch.get(3)[2]));
        assertTrue(reports.get(3).testAccuracy() > 0.6, "layerwise still learns: " + reports.get(3).testAccuracy());
    }

    @Test
    void aNanLossStopsTrainingNamingTheLayerAndKeepsTheLastGoodCheckpoint() {
        final Path checkpoint = dir.resolve("tiny.ckpt");
        final LocalErrorMlp inner = model(1);
        final RecordingModel m = new RecordingModel(inner, STEPS);
        m.badEpoch = 2;
        m.badStep = 3;
        m.badLayer = 1;
        final List<float[][]> afterEpoch = new ArrayList<>();
        final TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
            () -> new TrainingDriver(m, DATA, plan(new Schedule.Simultaneous(3), 1, checkpoint))
                .run(r -> afterEpoch.add(RecordingModel.snapshot(inner))));
        assertEquals("training diverged: layer `out` has a NaN local loss at epoch 2, step 3 of " + STEPS
            + "; try a smaller learning rate. The checkpoint of epoch 1 in " + checkpoint + " is kept.", e.getMessage());
        assertEquals("out", e.layer());
        assertEquals(2, e.epoch());
        assertEquals(3, e.step());
        assertEquals(1, afterEpoch.size());
        final Checkpoint kept = CheckpointFile.read(checkpoint);
        assertEquals(1, kept.position().epoch());
        for (int i = 0; i < inner.parameters().size(); i++) {
            assertArrayEquals(afterEpoch.get(0)[i], ((NamedTensor) kept.tensor(inner.parameters().get(i).name())).values());
        }
    }

    @Test
    void anInfiniteLossInTheFirstEpochSaysNoCheckpointWasWritten() {
        final RecordingModel m = new RecordingModel(model(1), STEPS);
        m.badEpoch = 1;
        m.badStep = 1;
        m.badLayer = 0;
        m.badValue = Double.POSITIVE_INFINITY;
        final TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
            () -> new TrainingDriver(m, DATA, plan(new Schedule.Simultaneous(1), 1, dir.resolve("x.ckpt"))).run(r -> { }));
        assertTrue(e.getMessage().startsWith("training diverged: layer `hidden` has an infinite local loss at epoch 1, step 1"));
        assertTrue(e.getMessage().endsWith("No epoch had finished, so no checkpoint was written to " + dir.resolve("x.ckpt") + "."));
    }

    @Test
    void theCheckpointRestoresTheSameModel() {
        final Path checkpoint = dir.resolve("tiny.ckpt");
        final LocalErrorMlp trained = model(2);
        final TrainingDriver driver = new TrainingDriver(trained, DATA, plan(new Schedule.Simultaneous(2), 2, checkpoint));
        final double accuracy = driver.run(r -> { }).get(1).testAccuracy();
        final LocalErrorMlp fresh = model(11);
        final Checkpoint read = CheckpointFile.restore(checkpoint, "Tiny", fresh.parameters());
        assertEquals(2, read.position().epoch());
        final float[][] a = RecordingModel.snapshot(trained);
        final float[][] b = RecordingModel.snapshot(fresh);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
        assertEquals(accuracy, new TrainingDriver(fresh, DATA, plan(new Schedule.Simultaneous(1), 2, null)).testAccuracy());
        assertEquals(accuracy, TrainingDriver.accuracy(fresh, DATA.test(), 7), "the batch size of prediction does not matter");
    }

    @Test
    void aRunStoppedInTheMiddleOfAnEpochAndResumedFromItsCheckpointEndsAsAnUninterruptedOne() {
        final LocalErrorMlp whole = model(3);
        new TrainingDriver(whole, DATA, plan(new Schedule.Simultaneous(3), 3, null)).run(r -> { });
        final Path checkpoint = dir.resolve("mid.safetensors");
        final LocalErrorMlp first = model(3);
        final RecordingModel stopping = new RecordingModel(first, STEPS);
        stopping.badEpoch = 2;
        stopping.badStep = 5;
        stopping.badLayer = 0;
        final TrainingDriver driver = new TrainingDriver(stopping, DATA, plan(new Schedule.Simultaneous(3), 3, checkpoint));
        assertThrows(TrainingDivergedException.class, () -> driver.run(r -> { }));
        // The fifth step of epoch 2 was taken before its loss stopped the run: 1 epoch and 5 batches are done.
        driver.saveCheckpoint(new TrainingPosition(1, 5));
        final LocalErrorMlp rest = model(3); // the same seed: its fixed classifier is drawn again, not saved
        final Checkpoint read = CheckpointFile.restore(checkpoint, "Tiny", rest.parameters());
        assertEquals(new TrainingPosition(1, 5), read.position());
        final List<EpochReport> reports = new TrainingDriver(rest, DATA, plan(new Schedule.Simultaneous(3), 3, null))
            .run(read.position(), r -> { });
        assertEquals(List.of(2, 3), reports.stream().map(EpochReport::epoch).toList());
        assertEquals((600 - 5 * BATCH) / reports.get(0).trainSeconds(), reports.get(0).imagesPerSecond(),
            1e-6 * reports.get(0).imagesPerSecond(), "the resumed epoch counts the images it trained");
        final float[][] a = RecordingModel.snapshot(whole);
        final float[][] b = RecordingModel.snapshot(rest);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], whole.parameters().get(i).name());
        }
        assertEquals("training cannot continue from epoch 3: the run has 3 epochs of " + STEPS + " batches",
            assertThrows(IllegalArgumentException.class, () -> new TrainingDriver(rest, DATA,
                plan(new Schedule.Simultaneous(3), 3, null)).run(new TrainingPosition(3, 0), r -> { })).getMessage());
    }

    /** Asks the driver to stop once {@code epoch}'s batch {@code after} is done (0: as the epoch begins). */
    private static final class StopAt implements TrainingMonitor {
        final List<String> seen = new ArrayList<>();
        private final int epoch;
        private final int after;
        private int current;
        private int done;

        StopAt(final int epoch, final int after) {
            this.epoch = epoch;
            this.after = after;
        }

        @Override
        public void epochStarted(final int e, final int epochs, final int firstStep, final int steps, final int samples) {
            current = e;
            done = firstStep;
            seen.add("epoch " + e + " from batch " + firstStep);
        }

        @Override
        public void batchDone(final BatchProgress p) {
            done = p.step();
            if (p.step() == p.firstStep() + 1) {
                seen.add("batch " + p.step() + ", " + p.samples() + " samples");
            }
        }

        @Override
        public void epochDone(final EpochReport report) {
            seen.add("done " + report.epoch());
        }

        @Override
        public boolean stopRequested() {
            return current == epoch && done == after;
        }
    }

    @Test
    void aRunAskedToStopMidEpochCheckpointsTheBatchesDoneAndResumesFromThemExactly() {
        final LocalErrorMlp whole = model(3);
        new TrainingDriver(whole, DATA, plan(new Schedule.Simultaneous(3), 3, null)).run(r -> { });
        final Path checkpoint = dir.resolve("stopped.safetensors");
        final StopAt stop = new StopAt(2, 7);
        final List<EpochReport> finished = new TrainingDriver(model(3), DATA,
            plan(new Schedule.Simultaneous(3), 3, checkpoint)).runMonitored(TrainingPosition.START, stop);
        assertEquals(List.of(1), finished.stream().map(EpochReport::epoch).toList());
        assertEquals(List.of("epoch 1 from batch 0", "batch 1, 32 samples", "done 1", "epoch 2 from batch 0",
            "batch 1, 32 samples"), stop.seen);
        final LocalErrorMlp rest = model(3);
        final Checkpoint read = CheckpointFile.restore(checkpoint, "Tiny", TrainingDriver.tensors(rest));
        assertEquals(new TrainingPosition(1, 7), read.position(), "epoch 1 and the 7 batches done of epoch 2");
        final StopAt never = new StopAt(0, 0);
        final List<EpochReport> reports = new TrainingDriver(rest, DATA, plan(new Schedule.Simultaneous(3), 3, null))
            .runMonitored(read.position(), never);
        assertEquals(List.of(2, 3), reports.stream().map(EpochReport::epoch).toList());
        assertEquals(List.of("epoch 2 from batch 7", "batch 8, 32 samples", "done 2", "epoch 3 from batch 0",
            "batch 1, 32 samples", "done 3"), never.seen, "the resumed epoch's progress counts from batch 7");
        final float[][] a = RecordingModel.snapshot(whole);
        final float[][] b = RecordingModel.snapshot(rest);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], whole.parameters().get(i).name());
        }
    }

    @Test
    void aRunAskedToStopAsAnEpochBeginsCheckpointsTheFinishedEpochs() {
        final Path checkpoint = dir.resolve("between.safetensors");
        final StopAt stop = new StopAt(2, 0);
        final List<EpochReport> finished = new TrainingDriver(model(3), DATA,
            plan(new Schedule.Simultaneous(3), 3, checkpoint)).runMonitored(TrainingPosition.START, stop);
        assertEquals(List.of(1), finished.stream().map(EpochReport::epoch).toList());
        assertEquals(new TrainingPosition(1, 0), CheckpointFile.read(checkpoint).position());
        assertEquals(List.of(), new TrainingDriver(model(3), DATA, plan(new Schedule.Simultaneous(3), 3, null))
            .runMonitored(TrainingPosition.START, new StopAt(1, 3)), "no checkpoint planned: none to write");
    }

    @Test
    void aModelThatForgetsToReportALayerIsABugNotAUserError() {
        final TrainableModel silent = new LocalErrorMlp(16, 8, SyntheticData.CLASSES, 0.05f, 1) {
            @Override
            public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
                stats.record(0, 1.0, 0);
            }
        };
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new TrainingDriver(silent, DATA, plan(new Schedule.Simultaneous(1), 1, null)).run(r -> { }));
        assertEquals("the model did not report layer out in its training step", e.getMessage());
        final TrainableModel talkative = new LocalErrorMlp(16, 8, SyntheticData.CLASSES, 0.05f, 1) {
            @Override
            public boolean hasLocalLoss(final int layer) {
                return layer == 1;
            }
        };
        assertEquals("the model reported a local loss for layer hidden, which it says has none",
            assertThrows(IllegalStateException.class,
                () -> new TrainingDriver(talkative, DATA, plan(new Schedule.Simultaneous(1), 1, null)).run(r -> { }))
                .getMessage());
    }

    /** The test MLP with its hidden layer reported as one that only propagates (as under backprop). */
    private static final class PropagatingHidden extends LocalErrorMlp {
        private final StepStats own = new StepStats(2);

        PropagatingHidden() {
            super(16, 24, SyntheticData.CLASSES, 0.05f, 1);
        }

        @Override
        public boolean hasLocalLoss(final int layer) {
            return layer == 1;
        }

        @Override
        public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
            super.trainStep(images, labels, count, own);
            stats.record(1, own.loss(1), own.correct(1));
        }
    }

    @Test
    void aLayerWithoutALossOfItsOwnReportsNoLossAndNoAccuracyNotZero() {
        final List<EpochReport> reports = new TrainingDriver(new PropagatingHidden(), DATA,
            plan(new Schedule.Simultaneous(2), 1, null)).run(r -> { });
        for (final EpochReport r : reports) {
            assertEquals(LayerReport.propagating("hidden"), r.layers().get(0));
            assertTrue(r.layers().get(1).localLoss().getAsDouble() > 0, r.toString());
        }
        assertTrue(reports.get(1).layers().get(1).localLoss().getAsDouble()
            < reports.get(0).layers().get(1).localLoss().getAsDouble(), "the output layer still learns");
    }

    /**
     * The test MLP with its hidden layer reported as one that has a loss but no classifier (as
     * under direct random target projection): its loss alone, and the count its classifier would
     * have got dropped.
     */
    private static final class UnclassifiedHidden extends LocalErrorMlp {
        private final StepStats own = new StepStats(2);

        UnclassifiedHidden() {
            super(16, 24, SyntheticData.CLASSES, 0.05f, 1);
        }

        @Override
        public boolean hasLocalClassifier(final int layer) {
            return layer == 1;
        }

        @Override
        public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
            super.trainStep(images, labels, count, own);
            stats.recordLoss(0, own.loss(0));
            stats.record(1, own.loss(1), own.correct(1));
        }
    }

    @Test
    void aLayerWithALossButNoClassifierReportsItsLossAndNoAccuracyNotZero() {
        final List<EpochReport> reports = new TrainingDriver(new UnclassifiedHidden(), DATA,
            plan(new Schedule.Simultaneous(2), 1, null)).run(r -> { });
        for (final EpochReport r : reports) {
            final LayerReport hidden = r.layers().get(0);
            assertEquals(LayerReport.withoutClassifier("hidden", hidden.localLoss().getAsDouble()), hidden);
            assertTrue(hidden.localLoss().getAsDouble() > 0, r.toString());
            assertTrue(r.layers().get(1).localAccuracy().isPresent(), "the output layer keeps its accuracy: " + r);
            assertTrue(ReportFormat.json(r).contains("{\"name\":\"hidden\",\"local_loss\":"
                + hidden.localLoss().getAsDouble() + ",\"local_accuracy\":null}"), ReportFormat.json(r));
            assertTrue(ReportFormat.progress(r).contains(String.format(java.util.Locale.ROOT, "  hidden loss %.4f acc -  out loss ",
                hidden.localLoss().getAsDouble())), ReportFormat.progress(r));
        }
        assertTrue(reports.get(1).layers().get(0).localLoss().getAsDouble()
            < reports.get(0).layers().get(0).localLoss().getAsDouble(), "the hidden layer still learns");
    }

    @Test
    void aModelWhoseReportsDisagreeWithItsClassifiersIsABugNotAUserError() {
        final TrainableModel counting = new LocalErrorMlp(16, 8, SyntheticData.CLASSES, 0.05f, 1) {
            @Override
            public boolean hasLocalClassifier(final int layer) {
                return layer == 1;
            }
        };
        assertEquals("the model reported a classifier count for layer hidden, which it says has no classifier",
            assertThrows(IllegalStateException.class,
                () -> new TrainingDriver(counting, DATA, plan(new Schedule.Simultaneous(1), 1, null)).run(r -> { }))
                .getMessage());
        final TrainableModel uncounted = new LocalErrorMlp(16, 8, SyntheticData.CLASSES, 0.05f, 1) {
            @Override
            public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
                super.trainStep(images, labels, count, stats);
                stats.recordLoss(1, stats.loss(1));
            }
        };
        assertEquals("the model reported no classifier count for layer out, which it says has a classifier",
            assertThrows(IllegalStateException.class,
                () -> new TrainingDriver(uncounted, DATA, plan(new Schedule.Simultaneous(1), 1, null)).run(r -> { }))
                .getMessage());
        final TrainableModel impossible = new LocalErrorMlp(16, 8, SyntheticData.CLASSES, 0.05f, 1) {
            @Override
            public boolean hasLocalLoss(final int layer) {
                return layer == 1;
            }

            @Override
            public boolean hasLocalClassifier(final int layer) {
                return true;
            }
        };
        assertEquals("the model says layer hidden has a classifier but no loss of its own",
            assertThrows(IllegalArgumentException.class,
                () -> new TrainingDriver(impossible, DATA, plan(new Schedule.Simultaneous(1), 1, null))).getMessage());
    }

    @Test
    void anEpochIsReportedBeforeItsCheckpointIsWritten() throws java.io.IOException {
        final Path checkpoint = dir.resolve("tiny.ckpt");
        final List<Integer> onDiskWhenReported = new ArrayList<>();
        new TrainingDriver(model(1), DATA, plan(new Schedule.Simultaneous(2), 1, checkpoint))
            .run(r -> onDiskWhenReported.add(java.nio.file.Files.exists(checkpoint) ? CheckpointFile.read(checkpoint).position().epoch() : 0));
        assertEquals(List.of(0, 1), onDiskWhenReported);
        assertEquals(2, CheckpointFile.read(checkpoint).position().epoch());
        // A checkpoint that cannot be written fails the run, but the epoch's result was shown first.
        final Path inTheWay = java.nio.file.Files.createDirectories(dir.resolve("taken").resolve("child")).getParent();
        final List<EpochReport> shown = new ArrayList<>();
        final LocusException e = assertThrows(LocusException.class,
            () -> new TrainingDriver(model(1), DATA, plan(new Schedule.Simultaneous(2), 1, inTheWay)).run(shown::add));
        assertTrue(e.getMessage().startsWith(inTheWay + ": cannot write the checkpoint"), e.getMessage());
        assertEquals(1, shown.size());
    }

    @Test
    void plansAndSchedulesRefuseNonsense() {
        assertEquals("batch must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> new TrainingPlan(Provenances.of("T"), 0, new Schedule.Simultaneous(1), 1, Optional.empty())).getMessage());
        assertEquals("epochs must be at least 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> new Schedule.Simultaneous(0)).getMessage());
        assertEquals("layerwise(epochs:) must be at least 1, got -2",
            assertThrows(IllegalArgumentException.class, () -> new Schedule.Layerwise(-2)).getMessage());
        assertEquals(9, new Schedule.Layerwise(3).totalEpochs(3));
    }
}
