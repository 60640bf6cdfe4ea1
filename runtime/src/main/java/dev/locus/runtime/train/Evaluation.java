package dev.locus.runtime.train;

import dev.locus.runtime.data.Samples;

/**
 * How a model classifies a set of samples: the confusion matrix, {@code confusion[t][p]} samples
 * of true class {@code t} predicted as {@code p}, from which the accuracy overall and per class.
 * The samples are predicted in batches, as {@link TrainingDriver#accuracy} does, so that both give
 * the same figure.
 */
public record Evaluation(long[][] confusion) {

    /** Predicts {@code samples} with {@code model} (in prediction mode), {@code batch} at a time. */
    public static Evaluation of(final TrainableModel model, final Samples samples, final int batch, final int classes) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        final long[][] confusion = new long[classes][classes];
        final int sampleSize = samples.sampleSize();
        final float[] images = new float[batch * sampleSize];
        final int[] predicted = new int[batch];
        for (int first = 0; first < samples.count(); first += batch) {
            final int count = Math.min(batch, samples.count() - first);
            System.arraycopy(samples.images(), first * sampleSize, images, 0, count * sampleSize);
            model.predict(images, count, predicted);
            for (int i = 0; i < count; i++) {
                confusion[samples.labels()[first + i]][predicted[i]]++;
            }
        }
        return new Evaluation(confusion);
    }

    public int classes() {
        return confusion.length;
    }

    /** The samples of class {@code c}. */
    public long total(final int c) {
        long n = 0;
        for (final long k : confusion[c]) {
            n += k;
        }
        return n;
    }

    public long total() {
        long n = 0;
        for (int c = 0; c < classes(); c++) {
            n += total(c);
        }
        return n;
    }

    /** The samples predicted right. */
    public long correct() {
        long n = 0;
        for (int c = 0; c < classes(); c++) {
            n += confusion[c][c];
        }
        return n;
    }

    /** The fraction predicted right; 0 for no samples, as {@link TrainingDriver#accuracy} says. */
    public double accuracy() {
        return total() == 0 ? 0 : (double) correct() / total();
    }

    /** The fraction of class {@code c} predicted right; NaN if the set has none of it. */
    public double accuracy(final int c) {
        return total(c) == 0 ? Double.NaN : (double) confusion[c][c] / total(c);
    }
}
