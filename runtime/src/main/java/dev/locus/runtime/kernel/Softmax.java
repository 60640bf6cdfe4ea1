package dev.locus.runtime.kernel;

/**
 * Softmax and log-softmax over each row of a {@code rows x cols} matrix (a sample's scores), and
 * their gradients, computed as the interpreter computes them: in double, shifted by the row's
 * maximum so that exp cannot overflow, each result rounded to float once. For the same float
 * inputs the results are the interpreter's doubles rounded to float.
 *
 * <p>Rows are a sample's classes, a few to a few hundred values, and the time goes to
 * {@code exp}: vector lanes would need the Vector API's own exp, whose results are not
 * {@code Math.exp}'s bit for bit, and that agreement is worth more here. The loops are plain and
 * run on the calling thread.
 */
public final class Softmax {
    private Softmax() {
    }

    /** {@code y[r, i] = exp(x[r, i]) / sum_j exp(x[r, j])}; y may be x. */
    public static void softmax(final float[] x, final int xOff, final int rows, final int cols, final float[] y,
                               final int yOff) {
        forward(x, xOff, rows, cols, y, yOff, false);
    }

    /** {@code y[r, i] = x[r, i] - log sum_j exp(x[r, j])}; y may be x. */
    public static void logSoftmax(final float[] x, final int xOff, final int rows, final int cols, final float[] y,
                                  final int yOff) {
        forward(x, xOff, rows, cols, y, yOff, true);
    }

    private static void forward(final float[] x, final int xOff, final int rows, final int cols, final float[] y,
                                final int yOff, final boolean log) {
        long n = check(rows, cols);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.sameOrApart("x", x, xOff, n, "y", y, yOff, n);
        for (int r = 0; r < rows; r++) {
            int in = xOff + r * cols;
            int out = yOff + r * cols;
            double lse = logSumExp(x, in, cols);
            for (int i = 0; i < cols; i++) {
                double logp = x[in + i] - lse;
                y[out + i] = log ? (float) logp : Subnormals.flush((float) Math.exp(logp));
            }
        }
    }

    /**
     * log(sum exp) of one row: the maximum m plus log(sum exp(v - m)); an infinite maximum is the
     * answer itself (the interpreter's rule, so that a row holding +inf gives NaN, not a silent 0).
     */
    private static double logSumExp(final float[] v, final int from, final int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[from + i]);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(v[from + i] - max);
        }
        return max + Math.log(sum);
    }

    /** The gradient of {@link #softmax} from its output y: {@code dx = y (g - sum_j g_j y_j)} per row; dx may be g. */
    public static void softmaxBackward(final float[] y, final int yOff, final float[] g, final int gOff,
                                       final int rows, final int cols, final float[] dx, final int dxOff) {
        backward(y, yOff, g, gOff, rows, cols, dx, dxOff, false);
    }

    /** The gradient of {@link #logSoftmax} from its output y: {@code dx = g - exp(y) sum_j g_j} per row; dx may be g. */
    public static void logSoftmaxBackward(final float[] y, final int yOff, final float[] g, final int gOff,
                                          final int rows, final int cols, final float[] dx, final int dxOff) {
        backward(y, yOff, g, gOff, rows, cols, dx, dxOff, true);
    }

    private static void backward(final float[] y, final int yOff, final float[] g, final int gOff, final int rows,
                                 final int cols, final float[] dx, final int dxOff, final boolean log) {
        long n = check(rows, cols);
        Checks.range("y", y, yOff, n);
        Checks.range("g", g, gOff, n);
        Checks.range("dx", dx, dxOff, n);
        Checks.sameOrApart("y", y, yOff, n, "dx", dx, dxOff, n);
        Checks.sameOrApart("g", g, gOff, n, "dx", dx, dxOff, n);
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            double sum = 0;
            for (int i = 0; i < cols; i++) {
                sum += log ? g[gOff + at + i] : (double) g[gOff + at + i] * y[yOff + at + i];
            }
            for (int i = 0; i < cols; i++) {
                double yi = y[yOff + at + i];
                double gi = g[gOff + at + i];
                dx[dxOff + at + i] = Subnormals.flush((float) (log ? gi - Math.exp(yi) * sum : yi * (gi - sum)));
            }
        }
    }

    private static long check(final int rows, final int cols) {
        Checks.nonNegative("rows", rows);
        Checks.positive("cols", cols);
        return (long) rows * cols;
    }
}
