package dev.locus.runtime.train;

import java.util.Arrays;

/**
 * What one training step reports per layer: the mean local loss over the batch and the number of
 * correct predictions of the layer's classifier. One instance is reused for every step, so the
 * training loop allocates nothing.
 */
public final class StepStats {
    private final double[] loss;
    private final int[] correct;
    private final boolean[] reported;

    public StepStats(final int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("a model needs at least 1 layer, got " + layers);
        }
        loss = new double[layers];
        correct = new int[layers];
        reported = new boolean[layers];
    }

    /** Records layer {@code layer}'s mean loss over the batch and its number of correct predictions. */
    public void record(final int layer, final double meanLoss, final int correctCount) {
        loss[layer] = meanLoss;
        correct[layer] = correctCount;
        reported[layer] = true;
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

    void clear() {
        Arrays.fill(reported, false);
    }
}
