package dev.locus.runtime.kernel;

/**
 * The register-tiled inner product of a matrix multiplication: an {@code mr x nr} block of C
 * from a packed micro-panel of A ({@code kc} steps of {@code mr} values) and one of B
 * ({@code kc} steps of {@code nr} values). {@link Sgemm} does the blocking, packing and
 * threading around it; only this part differs between the Vector API and the plain path.
 */
abstract class GemmKernel {
    private final int mr;
    private final int nr;

    GemmKernel(final int mr, final int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /** Rows of C computed per call; packed A panels are this tall (zero-padded). */
    final int mr() {
        return mr;
    }

    /** Columns of C computed per call; packed B panels are this wide (zero-padded). */
    final int nr() {
        return nr;
    }

    /**
     * Granularity of the columns of C that a parallel split may hand to one thread: a part whose
     * width is not a multiple of {@link #nr} ends with a narrow edge that the kernel computes at
     * the cost of its width (the vector kernel: one vector), so the split need not round to nr.
     */
    int columnStep() {
        return nr;
    }

    abstract String describe();

    /** The direct-convolution tile of the same family, or null when there is none (then im2col is used). */
    DirectConvKernel direct() {
        return null;
    }

    /**
     * {@code C[0..rows, 0..cols] = alpha * (Apanel x Bpanel) + beta * C}, where the panels hold
     * {@code kc} steps; {@code rows <= mr}, {@code cols <= nr}. When {@code beta == 0}, C is
     * not read (so NaNs in it do not survive, as in BLAS). {@code tile} is scratch of at least
     * {@code mr * nr} floats for the partial blocks at the edges.
     */
    abstract void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                           int rows, int cols, float alpha, float beta, float[] tile);

    /**
     * {@link #multiply} for a full-width block ({@code cols == nr}) whose B panel is read straight
     * from row-major B ({@code kc} rows of {@code nr} floats, {@code ldb} apart, from {@code src})
     * and written packed to {@code b} at {@code bOff} on the way, so that the following calls on
     * the same panel read it packed: B is packed by the first tile that uses it, with no pass of
     * its own over memory.
     */
    void multiplyPacking(final int kc, final float[] a, final int aOff, final float[] src, final int srcOff,
                         final int ldb, final float[] b, final int bOff, final float[] c, final int cOff,
                         final int ldc, final int rows, final float alpha, final float beta, final float[] tile) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(src, srcOff + p * ldb, b, bOff + p * nr, nr);
        }
        multiply(kc, a, aOff, b, bOff, c, cOff, ldc, rows, nr, alpha, beta, tile);
    }

    /** Writes the partial block that {@link #multiply} left in {@code tile} into C. */
    static void storePartial(final float[] tile, final int nr, final float[] c, final int cOff, final int ldc,
                             final int rows, final int cols, final float alpha, final float beta) {
        for (int i = 0; i < rows; i++) {
            int t = i * nr;
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] = alpha * tile[t + j];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] = alpha * tile[t + j] + beta * c[ci + j];
                }
            }
        }
    }
}
