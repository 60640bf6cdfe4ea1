package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * Sums and means, of all elements or of each sample, the ops that carry their gradients back
 * (a broadcast), and the sums of a gradient down to a broadcast operand's shape or to one value
 * per channel. A tensor is seen as {@code rows x cols} row-major: one row for "all elements",
 * one row per sample for "per sample". Sums of a row are kept in double and rounded to float
 * once, so that they agree with the interpreter's double sums to float precision; sums over the
 * batch along columns ({@link #reduceTo}, {@link #sumPerChannel} of [n] features) add rows in
 * float, one rounding per sample.
 *
 * <p>These run on the calling thread: in a rule they meet a batch of scores or activations,
 * where a pass over memory costs less than waking the pool.
 */
public final class Reductions {
    private Reductions() {
    }

    /** {@code out[r] = sum of row r} of the {@code rows x cols} matrix x. */
    public static void sum(final float[] x, final int xOff, final int rows, final int cols, final float[] out,
                           final int outOff) {
        rows(Kernels.elementwise(), x, xOff, rows, cols, out, outOff, false);
    }

    /** {@code out[r] = (sum of row r) / cols}, the division in double. */
    public static void mean(final float[] x, final int xOff, final int rows, final int cols, final float[] out,
                            final int outOff) {
        rows(Kernels.elementwise(), x, xOff, rows, cols, out, outOff, true);
    }

    static void rows(final ElementwiseKernel kernel, final float[] x, final int xOff, final int rows,
                     final int cols, final float[] out, final int outOff, final boolean mean) {
        Checks.nonNegative("rows", rows);
        Checks.positive("cols", cols);
        Checks.range("x", x, xOff, (long) rows * cols);
        Checks.range("out", out, outOff, rows);
        Checks.apart("x", x, xOff, (long) rows * cols, "out", out, outOff, rows);
        for (int r = 0; r < rows; r++) {
            double sum = kernel.sum(x, xOff + r * cols, cols);
            out[outOff + r] = (float) (mean ? sum / cols : sum);
        }
    }

    /** The gradient of {@link #sum}: {@code dx[r, j] = g[r]}. */
    public static void sumBackward(final float[] g, final int gOff, final int rows, final int cols, final float[] dx,
                                   final int dxOff) {
        spread(g, gOff, rows, cols, dx, dxOff, false);
    }

    /** The gradient of {@link #mean}: {@code dx[r, j] = g[r] / cols}, the division in double. */
    public static void meanBackward(final float[] g, final int gOff, final int rows, final int cols, final float[] dx,
                                    final int dxOff) {
        spread(g, gOff, rows, cols, dx, dxOff, true);
    }

    private static void spread(final float[] g, final int gOff, final int rows, final int cols, final float[] dx,
                               final int dxOff, final boolean mean) {
        Checks.nonNegative("rows", rows);
        Checks.positive("cols", cols);
        Checks.range("g", g, gOff, rows);
        Checks.range("dx", dx, dxOff, (long) rows * cols);
        Checks.apart("g", g, gOff, rows, "dx", dx, dxOff, (long) rows * cols);
        for (int r = 0; r < rows; r++) {
            float v = mean ? (float) ((double) g[gOff + r] / cols) : g[gOff + r];
            Arrays.fill(dx, dxOff + r * cols, dxOff + (r + 1) * cols, v);
        }
    }

    /**
     * The IR's REDUCE_TO: g of {@code n} floats summed down to an operand of {@code length} floats
     * that {@link Elementwise#binary} repeated: {@code out[j] = sum over k of g[k * length + j]}.
     * A length of n copies g, 1 sums everything (in double), one sample's size sums over the batch.
     */
    public static void reduceTo(final float[] g, final int gOff, final int n, final float[] out, final int outOff,
                                final int length) {
        reduceTo(Kernels.elementwise(), g, gOff, n, out, outOff, length);
    }

    static void reduceTo(final ElementwiseKernel kernel, final float[] g, final int gOff, final int n,
                         final float[] out, final int outOff, final int length) {
        Checks.nonNegative("n", n);
        Checks.positive("length", length);
        if (n % length != 0) {
            throw new IllegalArgumentException("length " + length + " does not divide n = " + n
                    + ": g must hold a whole number of copies of the operand");
        }
        Checks.range("g", g, gOff, n);
        Checks.range("out", out, outOff, length);
        Checks.apart("g", g, gOff, n, "out", out, outOff, length);
        if (length == n) {
            System.arraycopy(g, gOff, out, outOff, n);
        } else if (length == 1) {
            out[outOff] = (float) kernel.sum(g, gOff, n);
        } else {
            Arrays.fill(out, outOff, outOff + length, 0f);
            for (int at = 0; at < n; at += length) {
                kernel.accumulate(g, gOff + at, out, outOff, length);
            }
        }
    }

    /**
     * {@code out[c] = sum of g over the batch and the channel's inner elements}, g being
     * {@code [batch, channels, inner]}: the gradient of a bias (BIAS_GRAD) or of batch
     * normalization's shift (BATCHNORM_GRAD_BETA). Overwrites out.
     */
    public static void sumPerChannel(final float[] g, final int gOff, final int batch, final int channels,
                                     final int inner, final float[] out, final int outOff) {
        sumPerChannel(Kernels.elementwise(), g, gOff, batch, channels, inner, out, outOff);
    }

    static void sumPerChannel(final ElementwiseKernel kernel, final float[] g, final int gOff, final int batch,
                              final int channels, final int inner, final float[] out, final int outOff) {
        Checks.nonNegative("batch", batch);
        Checks.positive("channels", channels);
        Checks.positive("inner", inner);
        long size = (long) batch * channels * inner;
        Checks.range("g", g, gOff, size);
        Checks.range("out", out, outOff, channels);
        Checks.apart("g", g, gOff, size, "out", out, outOff, channels);
        if (inner == 1) {
            Arrays.fill(out, outOff, outOff + channels, 0f);
            for (int b = 0; b < batch; b++) {
                kernel.accumulate(g, gOff + b * channels, out, outOff, channels);
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += kernel.sum(g, gOff + (b * channels + c) * inner, inner);
            }
            out[outOff + c] = (float) sum;
        }
    }
}
