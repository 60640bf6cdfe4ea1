package dev.locus.runtime.train;

import dev.locus.runtime.checkpoint.CheckpointTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wraps a model and records what the driver asked of it; can replace one layer's loss at one
 * step with a bad value, to see that the driver stops there.
 */
final class RecordingModel implements TrainableModel {
    private final TrainableModel inner;
    private final boolean[] trainable;
    private final int stepsPerEpoch;
    /** Per step: which layers were trainable, e.g. "10". */
    final List<String> trainableAtStep = new ArrayList<>();
    final List<Integer> counts = new ArrayList<>();
    final List<Integer> labelsSeen = new ArrayList<>();
    boolean training;
    int badEpoch = -1;
    int badStep = -1;
    int badLayer = -1;
    double badValue = Double.NaN;

    RecordingModel(final TrainableModel inner, final int stepsPerEpoch) {
        this.inner = inner;
        this.trainable = new boolean[inner.layerNames().size()];
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public List<String> layerNames() {
        return inner.layerNames();
    }

    @Override
    public void setTraining(final boolean on) {
        training = on;
        inner.setTraining(on);
    }

    @Override
    public void setTrainable(final int layer, final boolean on) {
        trainable[layer] = on;
        inner.setTrainable(layer, on);
    }

    @Override
    public boolean hasLocalLoss(final int layer) {
        return inner.hasLocalLoss(layer);
    }

    @Override
    public boolean hasLocalClassifier(final int layer) {
        return inner.hasLocalClassifier(layer);
    }

    @Override
    public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
        if (!training) {
            throw new AssertionError("trainStep while not in training mode");
        }
        final StringBuilder flags = new StringBuilder();
        for (final boolean t : trainable) {
            flags.append(t ? '1' : '0');
        }
        trainableAtStep.add(flags.toString());
        counts.add(count);
        for (int i = 0; i < count; i++) {
            labelsSeen.add(labels[i]);
        }
        inner.trainStep(images, labels, count, stats);
        final int step = counts.size();
        if ((step - 1) / stepsPerEpoch + 1 == badEpoch && (step - 1) % stepsPerEpoch + 1 == badStep) {
            stats.record(badLayer, badValue, 0);
        }
    }

    @Override
    public void predict(final float[] images, final int count, final int[] predicted) {
        if (training) {
            throw new AssertionError("predict while in training mode");
        }
        inner.predict(images, count, predicted);
    }

    @Override
    public List<? extends CheckpointTensor> parameters() {
        return inner.parameters();
    }

    @Override
    public List<? extends CheckpointTensor> state() {
        return inner.state();
    }

    static float[][] snapshot(final LocalErrorMlp model) {
        return model.parameters().stream().map(t -> Arrays.copyOf(t.values(), t.values().length)).toArray(float[][]::new);
    }
}
