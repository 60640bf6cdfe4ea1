package dev.locus.runtime.data;

/**
 * Standardized samples ready for a model: {@code count} samples of {@code sampleSize} floats
 * each, one after the other, and their labels.
 */
public record Samples(float[] images, int[] labels, int sampleSize) {

    public Samples {
        if ((long) labels.length * sampleSize != images.length) {
            throw new IllegalArgumentException(labels.length + " labels of samples of " + sampleSize
                + " floats need " + (long) labels.length * sampleSize + " floats, got " + images.length);
        }
    }

    public int count() {
        return labels.length;
    }

    /** Where sample {@code i} starts in {@link #images()}. */
    public int offset(final int i) {
        return i * sampleSize;
    }
}
