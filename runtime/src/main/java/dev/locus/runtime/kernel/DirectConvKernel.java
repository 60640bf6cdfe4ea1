package dev.locus.runtime.kernel;

/**
 * The register tile of the direct convolution ({@link DirectConv}): a block of output rows times
 * a block of channels, {@code out[r][j] = sum_k src[rowOff[r] + stepOff[k]] * b[bOff + k * ldb + j]},
 * the sum over runs of consecutive steps.
 * The left operand is read straight from a zero-padded image through two offset tables, so the
 * unfolded (im2col) matrix is never written: in the forward pass a row is an output pixel and a
 * step a kernel tap, in the weight gradient a row is a tap and a step an output pixel. Only the
 * Vector API provides one; the plain path keeps im2col.
 */
abstract class DirectConvKernel {
    /** Rows of the wide tile. */
    static final int WIDE_ROWS = 6;
    /** Rows of the narrow tile. */
    static final int NARROW_ROWS = 12;

    private final int wide;

    DirectConvKernel(final int wide) {
        this.wide = wide;
    }

    /** Channels of the wide tile ({@link #WIDE_ROWS} rows); the narrow tile has half as many. */
    final int wide() {
        return wide;
    }

    /** Channels of the narrow tile ({@link #NARROW_ROWS} rows). */
    final int narrow() {
        return wide / 2;
    }

    /**
     * Overwrites {@code out[r * width + j]} for all rows of the tile and {@code j < width} (wide or
     * narrow) with the sum over the steps of {@code nRuns} runs, run {@code i} being the steps
     * {@code [runs[2i], runs[2i] + runs[2i+1])}; {@code rowOff} holds one offset per row of the tile.
     * The runs let a tile leave out the steps that would only multiply padding.
     */
    abstract void tile(int width, float[] src, int[] rowOff, int[] stepOff, int[] runs, int nRuns, float[] b,
                       int bOff, int ldb, float[] out);
}
