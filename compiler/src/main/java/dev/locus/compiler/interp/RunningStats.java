package dev.locus.compiler.interp;

import java.util.Arrays;

/**
 * The running mean and variance of one batch-normalization op, per channel; they start at 0 and
 * 1 as in PyTorch, and are what the op normalizes with when predicting.
 */
public final class RunningStats {
    private final double[] mean;
    private final double[] variance;

    public RunningStats(final int channels) {
        mean = new double[channels];
        variance = new double[channels];
        Arrays.fill(variance, 1.0);
    }

    /** The live means, one per channel. */
    public double[] mean() {
        return mean;
    }

    /** The live variances, one per channel. */
    public double[] variance() {
        return variance;
    }

    public int channels() {
        return mean.length;
    }
}
