package dev.locus.runtime.kernel;

/**
 * The {@linkplain Loss losses} and their gradients with respect to the scores, in one pass.
 * Scores are {@code [batch, classes]} row-major. Sums are kept in double so that the mean of a
 * large batch does not lose the small terms.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * The mean loss over the batch; when {@code grad} is not null it receives (overwritten) the
     * gradient of that mean with respect to each score. {@code grad} may be {@code scores} itself.
     */
    public static float evaluate(final Loss loss, final float[] scores, final int off, final int batch,
                                 final int classes, final int[] labels, final int labelOff,
                                 final float[] grad, final int gradOff) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        Checks.positive("batch", batch);
        Checks.positive("classes", classes);
        Checks.range("scores", scores, off, (long) batch * classes);
        if (grad != null) {
            Checks.range("grad", grad, gradOff, (long) batch * classes);
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labelOff < 0 || labelOff + (long) batch > labels.length) {
            throw new IllegalArgumentException("labels is too short: needs " + batch + " labels from offset "
                    + labelOff + ", got " + labels.length + " in all");
        }
        double total = 0;
        float inv = 1f / batch;
        for (int b = 0; b < batch; b++) {
            int label = labels[labelOff + b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("labels[" + (labelOff + b) + "] = " + label
                        + " is not a class in [0, " + classes + ")");
            }
            int row = off + b * classes;
            int gRow = gradOff + b * classes;
            switch (loss) {
                case CROSS_ENTROPY:
                    total += crossEntropy(scores, row, classes, label, grad, gRow, inv);
                    break;
                case MSE:
                    total += mse(scores, row, classes, label, grad, gRow, inv);
                    break;
                case SQUARE_HINGE:
                    total += squareHinge(scores, row, classes, label, grad, gRow, inv);
                    break;
                default:
                    total += smoothL1(scores, row, classes, label, grad, gRow, inv);
            }
        }
        if (grad != null) {
            dropNegligible(grad, gradOff, batch * classes);
        }
        return (float) (total / batch);
    }

    /**
     * Writes 0 over the gradient's terms that the float precision of its largest cannot hold
     * (smaller by 2^24 or more). A confident network gives the classes it rules out probabilities of
     * 1e-30 and less: their terms, carried down the backward pass, make products that fall below
     * the normal floats, where the processor's arithmetic takes a slow path (a matrix product with
     * such inputs ran 180 times slower; feedback alignment on FashionMLP slowed to a quarter over its
     * epochs). What they could add to a weight gradient is lost in the rounding of the largest term.
     */
    private static void dropNegligible(final float[] grad, final int off, final int n) {
        float largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(grad[off + i]));
        }
        float negligible = Math.max(largest * 0x1p-24f, Float.MIN_NORMAL);
        for (int i = 0; i < n; i++) {
            if (Math.abs(grad[off + i]) < negligible) {
                grad[off + i] = 0f;
            }
        }
    }

    /** The softmax cross-entropy of one row, shifted by its maximum so that exp cannot overflow. */
    private static double crossEntropy(final float[] s, final int row, final int classes, final int label,
                                       final float[] grad, final int gRow, final float inv) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, s[row + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(s[row + c] - max);
        }
        double logSum = Math.log(sum);
        double loss = logSum + max - s[row + label];
        if (grad != null) {
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(s[row + c] - max - logSum);
                grad[gRow + c] = (float) ((p - (c == label ? 1 : 0)) * inv);
            }
        }
        return loss;
    }

    private static double mse(final float[] s, final int row, final int classes, final int label,
                              final float[] grad, final int gRow, final float inv) {
        double loss = 0;
        for (int c = 0; c < classes; c++) {
            float d = s[row + c] - (c == label ? 1f : 0f);
            loss += (double) d * d;
            if (grad != null) {
                grad[gRow + c] = 2f * d * inv;
            }
        }
        return loss;
    }

    private static double squareHinge(final float[] s, final int row, final int classes, final int label,
                                      final float[] grad, final int gRow, final float inv) {
        double loss = 0;
        for (int c = 0; c < classes; c++) {
            float u = c == label ? 1f : -1f;
            float margin = Math.max(0f, 1f - u * s[row + c]);
            loss += (double) margin * margin;
            if (grad != null) {
                grad[gRow + c] = -2f * u * margin * inv;
            }
        }
        return loss;
    }

    private static double smoothL1(final float[] s, final int row, final int classes, final int label,
                                   final float[] grad, final int gRow, final float inv) {
        double loss = 0;
        for (int c = 0; c < classes; c++) {
            float d = s[row + c] - (c == label ? 1f : 0f);
            float a = Math.abs(d);
            loss += a < 1f ? 0.5 * d * d : a - 0.5;
            if (grad != null) {
                grad[gRow + c] = Math.max(-1f, Math.min(1f, d)) * inv;
            }
        }
        return loss;
    }
}
