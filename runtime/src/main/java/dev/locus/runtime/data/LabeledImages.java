package dev.locus.runtime.data;

import java.util.Arrays;

/**
 * Images as read from disk, before scaling: one unsigned byte per value, samples one after the
 * other (each of {@code sampleShape}, row-major), and one label per sample.
 *
 * @param source the files they came from, for messages
 * @param sampleShape the shape of one sample, e.g. [1, 28, 28] or [3, 32, 32]
 * @param pixels count * product(sampleShape) bytes
 * @param labels one class index per sample
 */
public record LabeledImages(String source, int[] sampleShape, byte[] pixels, int[] labels) {

    public LabeledImages {
        sampleShape = sampleShape.clone();
        final long expected = (long) labels.length * product(sampleShape);
        if (pixels.length != expected) {
            throw new IllegalArgumentException(source + ": " + labels.length + " samples of "
                + Arrays.toString(sampleShape) + " need " + expected + " bytes, got " + pixels.length);
        }
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public int count() {
        return labels.length;
    }

    public int sampleSize() {
        return product(sampleShape);
    }

    /** The number of classes the labels imply: the largest label plus one. */
    public int labelCount() {
        int largest = -1;
        for (final int label : labels) {
            largest = Math.max(largest, label);
        }
        return largest + 1;
    }

    /** The first {@code n} samples (all of them if there are fewer). */
    public LabeledImages first(final int n) {
        if (n >= count()) {
            return this;
        }
        return new LabeledImages(source, sampleShape, Arrays.copyOf(pixels, n * sampleSize()), Arrays.copyOf(labels, n));
    }

    static int product(final int[] shape) {
        int size = 1;
        for (final int d : shape) {
            size *= d;
        }
        return size;
    }
}
