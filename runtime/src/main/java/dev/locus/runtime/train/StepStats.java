package dev.locus.runtime.train;

import java.util.Arrays;

/**
 * What one training step reports per layer: the mean local loss over the batch and, for a layer
 * with a classifier, the number of correct predictions of that classifier. One instance is reused
 * for every step, so the training loop allocates nothing.
 */
public final class StepStats {
    private final double[] loss;
    private final int[] correct;
    private final boolean[] reported;
    private final boolean[] classified;

    public StepStats(final int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("a model needs at least 1 layer, got " + layers);
        }
        loss = new double[layers];
        correct = new int[layers];
        reported = new boolean[layers];
        classified = new boolean[layers];
    }

    /** Records layer {@code layer}'s mean loss over the batch and its classifier's number of correct predictions. */
    public void record(final int layer, final double meanLoss, final int correctCount) {
        loss[layer] = meanLoss;
        correct[layer] = correctCount;
        reported[layer] = true;
        classified[layer] = true;
    }

    /**
     * Records the mean loss over the batch of layer {@code layer}, which has no classifier: there
     * are no predictions to count, and none is counted as wrong.
     */
    public void recordLoss(final int layer, final double meanLoss) {
        loss[layer] = meanLoss;
        correct[layer] = 0;
        reported[layer] = true;
        classified[layer] = false;
    }

    public int layers() {
        return loss.length;
    }

    public double loss(final int layer) {
        return loss[layer];
    }

    public int correct(final int layer) {
        return correct[layer];
    }

    public boolean reported(final int layer) {
        return reported[layer];
    }

    /** Whether the layer's report came with a classifier's count ({@link #record}, not {@link #recordLoss}). */
    public boolean classified(final int layer) {
        return classified[layer];
    }

    void clear() {
        Arrays.fill(reported, false);
        Arrays.fill(classified, false);
    }
}
