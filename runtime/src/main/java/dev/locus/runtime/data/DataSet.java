package dev.locus.runtime.data;

import dev.locus.runtime.LocusException;
import java.util.Arrays;

/**
 * A training part and a test part, scaled to [0, 1] and then standardized with the mean and
 * standard deviation of the training part over all its values (one mean and one deviation for
 * the whole set, as the PyTorch reference does), so that the same images give the same floats.
 *
 * <p>Each float is computed exactly as the reference computes it in float32:
 * {@code ((float) b / 255f - mean) / std}. The mean and deviation themselves are exact, from a
 * histogram of the 256 byte values, then rounded to float.
 */
public final class DataSet {
    private final String name;
    private final LabeledImages rawTrain;
    private final LabeledImages rawTest;
    private final int classes;
    private final float mean;
    private final float std;
    private final Samples train;
    private final Samples test;

    private DataSet(final String name, final LabeledImages rawTrain, final LabeledImages rawTest, final int classes) {
        this(name, rawTrain, rawTest, classes, moments(rawTrain));
    }

    private DataSet(final String name, final LabeledImages rawTrain, final LabeledImages rawTest, final int classes,
                    final double[] moments) {
        this.name = name;
        this.rawTrain = rawTrain;
        this.rawTest = rawTest;
        this.classes = classes;
        this.mean = (float) moments[0];
        this.std = (float) moments[1];
        final float[] table = new float[256];
        for (int b = 0; b < 256; b++) {
            table[b] = ((float) b / 255f - mean) / std;
        }
        this.train = standardize(rawTrain, table);
        this.test = standardize(rawTest, table);
    }

    /**
     * Makes a data set of two raw parts; {@code name} is how messages call it ("fashion_mnist").
     *
     * @throws LocusException if the parts' sample shapes differ, the training part is empty, or
     *                        every training value is the same (nothing to standardize by)
     */
    public static DataSet of(final String name, final LabeledImages train, final LabeledImages test, final int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("a data set needs at least 1 class, got " + classes);
        }
        if (!Arrays.equals(train.sampleShape(), test.sampleShape())) {
            throw new DataFileException(test.source(), "test samples have shape " + IdxSet.shapeText(test.sampleShape())
                + " but the training samples (" + train.source() + ") have " + IdxSet.shapeText(train.sampleShape()));
        }
        if (train.count() == 0) {
            throw new DataFileException(train.source(), "has no training images");
        }
        return new DataSet(name, train, test, classes);
    }

    /**
     * The same set using only the first {@code n} training images (all if there are fewer),
     * standardized by what is used.
     */
    public DataSet limit(final int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit needs at least 1 training image, got " + n);
        }
        return n >= rawTrain.count() ? this : new DataSet(name, rawTrain.first(n), rawTest, classes);
    }

    /**
     * The same images standardized by {@code mean} and {@code std} instead of their own: those a
     * network was trained with, which a checkpoint records, so that it is evaluated (or its
     * training resumed) on the same floats.
     */
    public DataSet standardizedBy(final float mean, final float std) {
        if (!(Float.isFinite(mean) && Float.isFinite(std) && std > 0f)) {
            throw new IllegalArgumentException("standardizing needs a finite mean and a positive deviation, got "
                + mean + " and " + std);
        }
        return mean == this.mean && std == this.std ? this
            : new DataSet(name, rawTrain, rawTest, classes, new double[] {mean, std});
    }

    private static double[] moments(final LabeledImages images) {
        final long[] histogram = new long[256];
        for (final byte b : images.pixels()) {
            histogram[b & 0xFF]++;
        }
        final double n = images.pixels().length;
        double sum = 0;
        for (int b = 0; b < 256; b++) {
            sum += histogram[b] * (b / 255.0);
        }
        final double mean = sum / n;
        double squares = 0;
        for (int b = 0; b < 256; b++) {
            final double d = b / 255.0 - mean;
            squares += histogram[b] * d * d;
        }
        final double std = Math.sqrt(squares / n);
        if (!((float) std > 0f)) {
            throw new DataFileException(images.source(), "every value of the " + images.count()
                + " training images is the same; standardizing needs values that differ");
        }
        return new double[] {mean, std};
    }

    private static Samples standardize(final LabeledImages raw, final float[] table) {
        final byte[] pixels = raw.pixels();
        final float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = table[pixels[i] & 0xFF];
        }
        return new Samples(out, raw.labels().clone(), raw.sampleSize());
    }

    public String name() {
        return name;
    }

    /** Where the training images were read from (a file, for messages and summaries). */
    public String trainSource() {
        return rawTrain.source();
    }

    public Samples train() {
        return train;
    }

    public Samples test() {
        return test;
    }

    /** The shape of one sample, e.g. [1, 28, 28]; compare it with the network's input. */
    public int[] sampleShape() {
        return rawTrain.sampleShape();
    }

    public int sampleSize() {
        return rawTrain.sampleSize();
    }

    public int classes() {
        return classes;
    }

    /**
     * The bytes its arrays take on the heap: the images as read (one byte a value) and
     * standardized (a float), and the labels of both, for both parts.
     */
    public long heapBytes() {
        long bytes = 0;
        for (final LabeledImages raw : new LabeledImages[] {rawTrain, rawTest}) {
            bytes += raw.pixels().length + (long) Integer.BYTES * raw.count();
        }
        for (final Samples samples : new Samples[] {train, test}) {
            bytes += (long) Float.BYTES * samples.images().length + (long) Integer.BYTES * samples.count();
        }
        return bytes;
    }

    /** The mean of the training values in [0, 1], as a float. */
    public float mean() {
        return mean;
    }

    /** The (population) standard deviation of the training values in [0, 1], as a float. */
    public float std() {
        return std;
    }

    @Override
    public String toString() {
        return name + ": " + train.count() + " training and " + test.count() + " test samples of "
            + IdxSet.shapeText(sampleShape()) + ", " + classes + " classes";
    }
}
