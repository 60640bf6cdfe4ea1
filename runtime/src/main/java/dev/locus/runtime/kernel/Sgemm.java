package dev.locus.runtime.kernel;

/**
 * Single-precision matrix multiplication, {@code C = alpha * op(A) * op(B) + beta * C}, on
 * row-major float arrays with offsets and leading dimensions, as BLAS's {@code sgemm} (but row
 * major). {@code op(X)} is X or its transpose; op(A) is {@code m x k}, op(B) is {@code k x n},
 * C is {@code m x n}. When {@code beta == 0}, C is only written (NaNs in it do not survive).
 *
 * <p>The method is GotoBLAS's: B is packed a {@code KC x NC} panel at a time and A a
 * {@code MC x KC} block at a time into contiguous buffers laid out in the order the
 * {@link GemmKernel micro-kernel} reads them, so the inner loop walks memory sequentially
 * and the blocks stay in L2 while they are reused; the transposes cost only a different
 * packing loop. The packing buffers belong to the calling thread and are reused, so a call
 * allocates nothing once a thread has seen its largest shape.
 */
public final class Sgemm {
    /**
     * Depth of a packed block: long enough to amortize the loads and stores of C. Measured on Zen 4
     * at 128 x 1024 x 1024: 512 (two blocks of 512) 95 GFLOP/s, 384 (three of 342) 80, 256 89.
     */
    static final int KC = Integer.getInteger("locus.sgemm.kc", 512);
    /** Rows of A per packed block; MC x KC floats stay in a core's L2. */
    static final int MC = Integer.getInteger("locus.sgemm.mc", 192);
    /** Columns of B per packed panel; KC x NC floats stay in L2/L3. */
    static final int NC = Integer.getInteger("locus.sgemm.nc", 1536);
    /** Micro-panels of B packed at a time when A is one block (see {@link #compute}). */
    static final int NB = Integer.getInteger("locus.sgemm.nb", 4);
    /** Whether row-major B is packed by the micro-kernel itself when A is one block (see {@link #compute}). */
    static final boolean PACK_IN_KERNEL = !"false".equals(System.getProperty("locus.sgemm.packInKernel"));
    /** Below this many multiply-adds, waking other threads costs more than it saves. */
    private static final long PARALLEL_MIN_FMAS = 1L << 18;

    private static final GemmKernel KERNEL = Kernels.gemm();
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    private static final ThreadLocal<ParallelJob> JOB = ThreadLocal.withInitial(ParallelJob::new);

    private Sgemm() {
    }

    /** The product on all threads of the {@linkplain KernelPool#shared() shared pool}. */
    public static void sgemm(final boolean transA, final boolean transB, final int m, final int n, final int k,
                             final float alpha, final float[] a, final int aOff, final int lda,
                             final float[] b, final int bOff, final int ldb,
                             final float beta, final float[] c, final int cOff, final int ldc) {
        parallel(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The product on the calling thread alone (for callers that already split work over threads). */
    public static void sgemmSerial(final boolean transA, final boolean transB, final int m, final int n,
                                   final int k, final float alpha, final float[] a, final int aOff, final int lda,
                                   final float[] b, final int bOff, final int ldb,
                                   final float beta, final float[] c, final int cOff, final int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        compute(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void parallel(final GemmKernel kernel, final boolean transA, final boolean transB, final int m,
                         final int n, final int k, final float alpha, final float[] a, final int aOff,
                         final int lda, final float[] b, final int bOff, final int ldb,
                         final float beta, final float[] c, final int cOff, final int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        KernelPool pool = KernelPool.shared();
        int threads = pool.threads();
        if (threads == 1 || (long) m * n * k < PARALLEL_MIN_FMAS) {
            compute(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        ParallelJob job = JOB.get();
        job.set(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
        try {
            pool.run(job.parts, job);
        } finally {
            job.clear();
        }
    }

    static void check(final boolean transA, final boolean transB, final int m, final int n, final int k,
                              final float[] a, final int aOff, final int lda, final float[] b, final int bOff,
                              final int ldb, final float[] c, final int cOff, final int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("m, n and k must be non-negative, got m=" + m + " n=" + n + " k=" + k);
        }
        Checks.matrix("a", a, aOff, lda, transA ? k : m, transA ? m : k);
        Checks.matrix("b", b, bOff, ldb, transB ? n : k, transB ? k : n);
        Checks.matrix("c", c, cOff, ldc, m, n);
    }

    static void compute(final GemmKernel kernel, final boolean transA, final boolean transB, final int m, final int n, final int k,
                        final float alpha, final float[] a, final int aOff, final int lda,
                        final float[] b, final int bOff, final int ldb,
                        final float beta, final float[] c, final int cOff, final int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int mr = kernel.mr();
        int nr = kernel.nr();
        Workspace ws = WORKSPACE.get();
        float[] packA = ws.packA(MC, KC + 1, mr);
        float[] packB = ws.packB(Math.min(NC, n), KC + 1, nr);
        float[] tile = ws.tile(mr * nr);
        // Equal depth blocks: k = 800 as 400 + 400, not 384 + 384 + 32, whose last block would
        // pay the loads and stores of C for very few multiply-adds.
        int kBlock = (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                if (m <= MC) {
                    // One block of A: pack B a few micro-panels at a time just before every row of A
                    // uses them, so that they are still in L2 when read; a whole packed panel of B
                    // (KC x NC, megabytes) would go out to L3 and back, which costs small products most.
                    packA(transA, a, aOff, lda, 0, m, pc, kc, packA, mr);
                    if (!transB && PACK_IN_KERNEL) {
                        // B in rows: the first tile of every full micro-panel packs it as it reads it,
                        // so B is read from memory once and the packed panel is still in L1/L2 for the
                        // other tiles of the column.
                        for (int jr = 0; jr < nc; jr += nr) {
                            int cols = Math.min(nr, nc - jr);
                            int cAt = cOff + jc + jr;
                            int ir = 0;
                            if (cols == nr) {
                                kernel.multiplyPacking(kc, packA, 0, b, bOff + pc * ldb + jc + jr, ldb, packB, 0,
                                        c, cAt, ldc, Math.min(mr, m), alpha, betaBlock, tile);
                                ir = mr;
                            } else {
                                packB(false, b, bOff, ldb, pc, kc, jc + jr, cols, packB, nr);
                            }
                            for (; ir < m; ir += mr) {
                                kernel.multiply(kc, packA, ir * kc, packB, 0, c, cAt + ir * ldc, ldc,
                                        Math.min(mr, m - ir), cols, alpha, betaBlock, tile);
                            }
                        }
                        continue;
                    }
                    for (int jb = 0; jb < nc; jb += NB * nr) {
                        int nb = Math.min(NB * nr, nc - jb);
                        packB(transB, b, bOff, ldb, pc, kc, jc + jb, nb, packB, nr);
                        for (int jr = 0; jr < nb; jr += nr) {
                            int cols = Math.min(nr, nb - jr);
                            int cAt = cOff + jc + jb + jr;
                            for (int ir = 0; ir < m; ir += mr) {
                                kernel.multiply(kc, packA, ir * kc, packB, jr * kc, c, cAt + ir * ldc, ldc,
                                        Math.min(mr, m - ir), cols, alpha, betaBlock, tile);
                            }
                        }
                    }
                    continue;
                }
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, packB, nr);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, packA, mr);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        int bAt = jr * kc;
                        int cAt = cOff + ic * ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            kernel.multiply(kc, packA, ir * kc, packB, bAt, c, cAt + ir * ldc, ldc,
                                    Math.min(mr, mc - ir), cols, alpha, betaBlock, tile);
                        }
                    }
                }
            }
        }
    }

    private static void scale(final int m, final int n, final float beta, final float[] c, final int cOff,
                              final int ldc) {
        for (int i = 0; i < m; i++) {
            int at = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, at, at + n, 0f);
            } else if (beta != 1f) {
                for (int j = at; j < at + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    /** Packs op(A)[i0..i0+mc, p0..p0+kc] as panels of mr rows, step by step, zero-padded. */
    private static void packA(final boolean trans, final float[] a, final int aOff, final int lda, final int i0,
                              final int mc, final int p0, final int kc, final float[] dst, final int mr) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (trans) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int d = base + p * mr;
                    System.arraycopy(a, src, dst, d, rows);
                    for (int i = rows; i < mr; i++) {
                        dst[d + i] = 0f;
                    }
                }
            } else if (rows == 8 && mr == 8) {
                // Eight row streams read in step and written sequentially: the packed
                // buffer is written in order instead of with a stride of mr floats.
                int r0 = aOff + (i0 + ir) * lda + p0;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                int r4 = r3 + lda;
                int r5 = r4 + lda;
                int r6 = r5 + lda;
                int r7 = r6 + lda;
                int d = base;
                for (int p = 0; p < kc; p++) {
                    dst[d] = a[r0 + p];
                    dst[d + 1] = a[r1 + p];
                    dst[d + 2] = a[r2 + p];
                    dst[d + 3] = a[r3 + p];
                    dst[d + 4] = a[r4 + p];
                    dst[d + 5] = a[r5 + p];
                    dst[d + 6] = a[r6 + p];
                    dst[d + 7] = a[r7 + p];
                    d += 8;
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int d = base + p * mr;
                    for (int i = 0; i < rows; i++) {
                        dst[d + i] = a[aOff + (i0 + ir + i) * lda + p0 + p];
                    }
                    for (int i = rows; i < mr; i++) {
                        dst[d + i] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(B)[p0..p0+kc, j0..j0+nc] as panels of nr columns, step by step, zero-padded. */
    private static void packB(final boolean trans, final float[] b, final int bOff, final int ldb, final int p0,
                              final int kc, final int j0, final int nc, final float[] dst, final int nr) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (!trans) {
                for (int p = 0; p < kc; p++) {
                    int d = base + p * nr;
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, dst, d, cols);
                    for (int j = cols; j < nr; j++) {
                        dst[d + j] = 0f;
                    }
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jr + j) * ldb + p0;
                    int d = base + j;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * nr] = b[src + p];
                    }
                }
                for (int j = cols; j < nr; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + j + p * nr] = 0f;
                    }
                }
            }
        }
    }

    /** The calling thread's packing buffers, grown to the largest shape seen and then reused. */
    private static final class Workspace {
        private float[] a = new float[0];
        private float[] b = new float[0];
        private float[] t = new float[0];

        float[] packA(final int mc, final int kc, final int mr) {
            int size = roundUp(mc, mr) * kc;
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] packB(final int nc, final int kc, final int nr) {
            int size = roundUp(nc, nr) * kc;
            if (b.length < size) {
                b = new float[Math.max(size, roundUp(NC, nr) * KC / 4)];
            }
            return b;
        }

        float[] tile(final int size) {
            if (t.length < size) {
                t = new float[size];
            }
            return t;
        }
    }

    static int roundUp(final int x, final int step) {
        return (x + step - 1) / step * step;
    }

    /**
     * One product split into independent parts over the pool: along N when C is wide, else along
     * M, on whole micro-panels so that no part computes padding another part also computes.
     * Reused per calling thread, so a call allocates nothing.
     */
    private static final class ParallelJob implements KernelPool.Task {
        GemmKernel kernel;
        boolean transA;
        boolean transB;
        int m;
        int n;
        int k;
        float alpha;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float beta;
        float[] c;
        int cOff;
        int ldc;
        boolean splitN;
        int parts;
        int units;
        int unit;

        void set(final GemmKernel kernel, final boolean transA, final boolean transB, final int m, final int n, final int k,
                 final float alpha, final float[] a, final int aOff, final int lda, final float[] b,
                 final int bOff, final int ldb, final float beta, final float[] c, final int cOff, final int ldc,
                 final int threads) {
            this.kernel = kernel;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.splitN = n >= m;
            this.unit = splitN ? kernel.columnStep() : kernel.mr();
            this.units = ((splitN ? n : m) + unit - 1) / unit;
            this.parts = Math.min(threads, units);
        }

        void clear() {
            kernel = null;
            a = null;
            b = null;
            c = null;
        }

        @Override
        public void run(final int part) {
            int from = (int) ((long) units * part / parts) * unit;
            int to = Math.min((int) ((long) units * (part + 1) / parts) * unit, splitN ? n : m);
            if (from >= to) {
                return;
            }
            if (splitN) {
                int bAt = bOff + (transB ? from * ldb : from);
                compute(kernel, transA, transB, m, to - from, k, alpha, a, aOff, lda, b, bAt, ldb, beta, c, cOff + from, ldc);
            } else {
                int aAt = aOff + (transA ? from : from * lda);
                compute(kernel, transA, transB, to - from, n, k, alpha, a, aAt, lda, b, bOff, ldb, beta, c,
                        cOff + from * ldc, ldc);
            }
        }
    }
}
