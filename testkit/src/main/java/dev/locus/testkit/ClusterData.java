package dev.locus.testkit;

import java.util.Random;

/**
 * A labelled data set of Gaussian clusters, one per class, that a linear classifier separates:
 * class c's centre is 2 on the features i with i mod classes = c, 0 elsewhere, plus a jitter of
 * 0.3 per feature; a sample is its class's centre plus noise of deviation 0.5 per feature. With at
 * least as many features as classes every class owns a feature, so the task is separable with a
 * wide margin; any sensible rule learns it in a few epochs.
 *
 * @param images     {@code count * features} values, sample after sample
 * @param labels     {@code count} classes in [0, classes)
 * @param count      the number of samples
 * @param features   the values per sample
 * @param classes    the number of classes
 */
public record ClusterData(float[] images, int[] labels, int count, int features, int classes) {
    /** How far a sample strays from its class's centre, per feature. */
    public static final double NOISE = 0.5;

    /**
     * {@code count} samples; the centres are drawn from {@code seed} alone, the samples from
     * {@code seed} and {@code part}, so that parts 0 and 1 (say, training and test) share the clusters.
     * Labels cycle through the classes, then follow the draw.
     */
    public static ClusterData draw(final int features, final int classes, final int count, final long seed,
                                   final int part) {
        Random centres = new Random(seed * 0x9E3779B97F4A7C15L + 17);
        double[][] centre = new double[classes][features];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < features; i++) {
                centre[c][i] = (i % classes == c ? 2.0 : 0.0) + 0.3 * centres.nextGaussian();
            }
        }
        Random r = new Random(seed * 31 + part * 1_000_003L + 5);
        float[] images = new float[count * features];
        int[] labels = new int[count];
        for (int s = 0; s < count; s++) {
            labels[s] = s < classes ? s : r.nextInt(classes);
            for (int i = 0; i < features; i++) {
                images[s * features + i] = (float) (centre[labels[s]][i] + NOISE * r.nextGaussian());
            }
        }
        return new ClusterData(images, labels, count, features, classes);
    }

    /** The images as doubles, for the reference interpreter. */
    public double[] doubles() {
        double[] out = new double[images.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = images[i];
        }
        return out;
    }

    /** {@code n} samples from {@code from} on, in the order {@code order} gives (as stored when null). */
    ClusterData slice(final int[] order, final int from, final int n) {
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int s = order == null ? from + i : order[from + i];
            System.arraycopy(images, s * features, x, i * features, features);
            y[i] = labels[s];
        }
        return new ClusterData(x, y, n, features, classes);
    }
}
