package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * A convolution's weight gradient is a sum over the images of a batch; summed in floats, its
 * value depends on the order. So that the same seed trains bit for bit the same on any number of
 * threads, the batch's groups of images are split into parts fixed by the batch alone (never by
 * the threads or by which thread is first to take an item): each part sums its groups in order
 * into a partial gradient of its own, and the partials are added up in part order.
 *
 * <p>More parts let more threads share the work; each costs a partial gradient's memory and one
 * more pass of the final sum. {@value #MOST_PARTS} keep 16 threads busy.
 */
final class GradientParts {
    static final int MOST_PARTS = 16;
    private float[][] weights = new float[0][];
    private float[][] biases = new float[0][];
    private int groups;
    private int parts;
    private int weightSize;
    private int biasSize;

    /** Splits {@code groups} groups into parts, each with a partial gradient of {@code weightSize} and {@code biasSize} floats. */
    void start(final int groups, final int weightSize, final int biasSize) {
        this.groups = groups;
        this.weightSize = weightSize;
        this.biasSize = biasSize;
        this.parts = Math.min(groups, MOST_PARTS);
        if (weights.length < parts) {
            weights = Arrays.copyOf(weights, parts);
            biases = Arrays.copyOf(biases, parts);
        }
        for (int p = 0; p < parts; p++) {
            if (weights[p] == null || weights[p].length < weightSize) {
                weights[p] = new float[weightSize];
            }
            if (biases[p] == null || biases[p].length < biasSize) {
                biases[p] = new float[biasSize];
            }
        }
    }

    /** The number of parts: the items to run on the pool. */
    int parts() {
        return parts;
    }

    /** The first group of part {@code p}. */
    int firstGroup(final int p) {
        return (int) ((long) p * groups / parts);
    }

    /** One past the last group of part {@code p}. */
    int endGroup(final int p) {
        return (int) ((long) (p + 1) * groups / parts);
    }

    /** Sets part {@code p}'s partial gradients to zero, before the part sums its groups into them. */
    void clear(final int p) {
        Arrays.fill(weights[p], 0, weightSize, 0f);
        Arrays.fill(biases[p], 0, biasSize, 0f);
    }

    /** Part {@code p}'s partial weight gradient (longer than asked when an earlier call needed more). */
    float[] weights(final int p) {
        return weights[p];
    }

    /** Part {@code p}'s partial bias gradient. */
    float[] biases(final int p) {
        return biases[p];
    }
}
