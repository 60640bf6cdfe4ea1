package dev.locus.runtime.train;

import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.Samples;
import dev.locus.runtime.random.SeededRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The training loop shared by every backend: each epoch it shuffles the training set with the
 * seeded generator, feeds the model minibatches, accumulates per-layer losses and accuracies,
 * measures the test accuracy and reports. It stops at the first NaN or infinite loss, leaving the
 * checkpoint of the last good epoch in place.
 *
 * <p>The order of epoch {@code e} is the permutation drawn from
 * {@code SeededRandom.forKey(seed, "data", "shuffle").split(e)} (docs/RANDOM.md), so it depends
 * on nothing but the seed and the epoch; the dropout masks follow the model's step counter, part
 * of its state. A run resumed from a checkpoint's {@link TrainingPosition}, with the model's
 * parameters and state restored, therefore continues exactly as if it had never stopped.
 */
public final class TrainingDriver {
    private final TrainableModel model;
    private final DataSet data;
    private final TrainingPlan plan;
    private final List<String> layers;
    private final boolean[] local;
    private final boolean[] classifier;

    public TrainingDriver(final TrainableModel model, final DataSet data, final TrainingPlan plan) {
        this.model = model;
        this.data = data;
        this.plan = plan;
        this.layers = List.copyOf(model.layerNames());
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the model has no layers");
        }
        this.local = new boolean[layers.size()];
        this.classifier = new boolean[layers.size()];
        for (int layer = 0; layer < layers.size(); layer++) {
            local[layer] = model.hasLocalLoss(layer);
            classifier[layer] = model.hasLocalClassifier(layer);
            if (classifier[layer] && !local[layer]) {
                throw new IllegalArgumentException("the model says layer " + layers.get(layer)
                    + " has a classifier but no loss of its own");
            }
        }
    }

    /** The shuffled order of the training samples in epoch {@code epoch} (1-based). */
    public static int[] order(final long seed, final int epoch, final int samples) {
        return SeededRandom.forKey(seed, "data", "shuffle").split(epoch).permutation(samples);
    }

    /**
     * Trains for the whole schedule, handing each epoch's report to {@code onEpoch} as soon as it
     * is done, before its checkpoint is written (so that a checkpoint that cannot be written
     * never hides the epoch's result).
     *
     * @return every epoch's report
     * @throws TrainingDivergedException at the first NaN or infinite local loss (beyond float range)
     */
    public List<EpochReport> run(final Consumer<EpochReport> onEpoch) {
        return run(TrainingPosition.START, onEpoch);
    }

    /**
     * Trains the rest of the schedule from {@code from}, where a checkpoint whose parameters and
     * state the model now holds was taken: its epoch is the first reported, over the batches that
     * remain of it.
     *
     * @throws IllegalArgumentException if {@code from} is not inside the schedule
     */
    public List<EpochReport> run(final TrainingPosition from, final Consumer<EpochReport> onEpoch) {
        return runMonitored(from, onEpoch::accept);
    }

    /**
     * Trains as {@link #run(TrainingPosition, Consumer)} does, telling {@code monitor} of every
     * epoch begun and every batch done. When the monitor asks to stop, the batch in hand is
     * finished, the checkpoint (if any) written with the parameters and state as they are, at the
     * position reached (the finished epochs and the batches done of the next, so that a run
     * resumed from it continues exactly), and the reports of the finished epochs returned.
     *
     * @return the report of every finished epoch
     * @throws IllegalArgumentException if {@code from} is not inside the schedule
     * @throws TrainingDivergedException at the first NaN or infinite local loss (beyond float range)
     */
    public List<EpochReport> runMonitored(final TrainingPosition from, final TrainingMonitor monitor) {
        final Samples train = data.train();
        final int sampleSize = train.sampleSize();
        final int n = train.count();
        final int batch = plan.batch();
        final int steps = (n + batch - 1) / batch;
        final float[] images = new float[batch * sampleSize];
        final int[] labels = new int[batch];
        final StepStats stats = new StepStats(layers.size());
        final double[] lossSum = new double[layers.size()];
        final long[] correct = new long[layers.size()];
        final int epochs = plan.schedule().totalEpochs(layers.size());
        if (from.epoch() >= epochs || from.batch() >= steps) {
            throw new IllegalArgumentException("training cannot continue from " + from.describe() + ": the run has "
                + epochs + " epochs of " + steps + " batches");
        }
        final List<EpochReport> reports = new ArrayList<>();
        int lastSaved = 0;
        for (int epoch = from.epoch() + 1; epoch <= epochs; epoch++) {
            final List<String> trained = new ArrayList<>();
            for (int layer = 0; layer < layers.size(); layer++) {
                final boolean on = plan.schedule().trains(layer, epoch);
                model.setTrainable(layer, on);
                if (on) {
                    trained.add(layers.get(layer));
                }
            }
            final int[] order = order(plan.seed(), epoch, n);
            java.util.Arrays.fill(lossSum, 0);
            java.util.Arrays.fill(correct, 0);
            model.setTraining(true);
            final int firstStep = epoch == from.epoch() + 1 ? from.batch() : 0;
            final int seen = n - firstStep * batch;
            monitor.epochStarted(epoch, epochs, firstStep, steps, n);
            final long start = System.nanoTime();
            for (int step = firstStep; step < steps; step++) {
                if (monitor.stopRequested()) {
                    if (plan.checkpoint().isPresent()) {
                        saveCheckpoint(new TrainingPosition(epoch - 1, step));
                    }
                    return reports;
                }
                final int first = step * batch;
                final int count = Math.min(batch, n - first);
                for (int i = 0; i < count; i++) {
                    final int sample = order[first + i];
                    System.arraycopy(train.images(), sample * sampleSize, images, i * sampleSize, sampleSize);
                    labels[i] = train.labels()[sample];
                }
                stats.clear();
                model.trainStep(images, labels, count, stats);
                for (int layer = 0; layer < layers.size(); layer++) {
                    if (stats.reported(layer) != local[layer]) {
                        throw new IllegalStateException(local[layer]
                            ? "the model did not report layer " + layers.get(layer) + " in its training step"
                            : "the model reported a local loss for layer " + layers.get(layer)
                                + ", which it says has none");
                    }
                    if (!local[layer]) {
                        continue;
                    }
                    if (stats.classified(layer) != classifier[layer]) {
                        throw new IllegalStateException(classifier[layer]
                            ? "the model reported no classifier count for layer " + layers.get(layer)
                                + ", which it says has a classifier"
                            : "the model reported a classifier count for layer " + layers.get(layer)
                                + ", which it says has no classifier");
                    }
                    final double loss = stats.loss(layer);
                    // Past float range counts as infinite: the parameters are stored and checkpointed as floats,
                    // so a double-precision backend must stop where a float one would.
                    if (!Float.isFinite((float) loss)) {
                        throw new TrainingDivergedException(layers.get(layer), loss, epoch, step + 1, steps,
                            checkpointNote(lastSaved));
                    }
                    lossSum[layer] += loss * count;
                    correct[layer] += stats.correct(layer);
                }
                monitor.batchDone(progress(epoch, epochs, firstStep, step + 1, steps, first + count - firstStep * batch, start,
                    lossSum));
            }
            final double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
            model.setTraining(false);
            final double testAccuracy = testAccuracy();
            final List<LayerReport> layerReports = new ArrayList<>();
            for (int layer = 0; layer < layers.size(); layer++) {
                final String name = layers.get(layer);
                layerReports.add(!local[layer] ? LayerReport.propagating(name)
                    : classifier[layer] ? LayerReport.local(name, lossSum[layer] / seen, (double) correct[layer] / seen)
                    : LayerReport.withoutClassifier(name, lossSum[layer] / seen));
            }
            final OptionalInt phase = plan.schedule().phase(epoch);
            final EpochReport report = new EpochReport(plan.network(), epoch, epochs,
                phase.isPresent()
                    ? Optional.of(new EpochReport.Phase(layers.get(phase.getAsInt()), phase.getAsInt() + 1, layers.size()))
                    : Optional.empty(),
                trained, testAccuracy, seen / seconds, seconds, layerReports);
            reports.add(report);
            monitor.epochDone(report);
            if (plan.checkpoint().isPresent()) {
                saveCheckpoint(new TrainingPosition(epoch, 0));
                lastSaved = epoch;
            }
        }
        return reports;
    }

    /** Writes the model's parameters and state to the plan's checkpoint file, as taken at {@code position}. */
    public void saveCheckpoint(final TrainingPosition position) {
        CheckpointFile.write(plan.checkpoint().orElseThrow(() -> new IllegalStateException("no checkpoint planned")),
            new Checkpoint(plan.provenance(), position, tensors(model)));
    }

    /** What a checkpoint of {@code model} holds: its parameters, then its training state, as live arrays. */
    public static List<CheckpointTensor> tensors(final TrainableModel model) {
        final List<CheckpointTensor> all = new ArrayList<>(model.parameters());
        all.addAll(model.state());
        return all;
    }

    private BatchProgress progress(final int epoch, final int epochs, final int firstStep, final int step,
                                   final int steps, final int samples, final long start, final double[] lossSum) {
        final List<OptionalDouble> running = new ArrayList<>(layers.size());
        for (int layer = 0; layer < layers.size(); layer++) {
            running.add(local[layer] ? OptionalDouble.of(lossSum[layer] / samples) : OptionalDouble.empty());
        }
        return new BatchProgress(epoch, epochs, firstStep, step, steps, samples, (System.nanoTime() - start) / 1e9,
            running);
    }

    private String checkpointNote(final int lastSaved) {
        final Optional<Path> file = plan.checkpoint();
        if (file.isEmpty()) {
            return "No checkpoint was asked for.";
        }
        if (lastSaved == 0) {
            return "No epoch had finished, so no checkpoint was written to " + file.get() + ".";
        }
        return "The checkpoint of epoch " + lastSaved + " in " + file.get() + " is kept.";
    }

    /** The fraction of test samples the model predicts right, in batches of the planned size. */
    public double testAccuracy() {
        return accuracy(model, data.test(), plan.batch());
    }

    /**
     * The fraction of {@code samples} that {@code model} predicts right, predicting {@code batch}
     * samples at a time (for {@code locus eval}; the model must already be in prediction mode).
     */
    public static double accuracy(final TrainableModel model, final Samples samples, final int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (samples.count() == 0) {
            return 0;
        }
        final int sampleSize = samples.sampleSize();
        final float[] images = new float[batch * sampleSize];
        final int[] predicted = new int[batch];
        long right = 0;
        for (int first = 0; first < samples.count(); first += batch) {
            final int count = Math.min(batch, samples.count() - first);
            System.arraycopy(samples.images(), first * sampleSize, images, 0, count * sampleSize);
            model.predict(images, count, predicted);
            for (int i = 0; i < count; i++) {
                if (predicted[i] == samples.labels()[first + i]) {
                    right++;
                }
            }
        }
        return (double) right / samples.count();
    }
}
