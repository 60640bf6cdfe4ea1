package dev.locus.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Vector API: an 8 x 3 vector block of C (8 x 48 floats with AVX-512)
 * held in 24 accumulator registers, one broadcast of A and three loads of B per step, all
 * fused multiply-adds. 24 independent accumulators keep both FMA pipes busy through their
 * latency; 8 x 3 leaves registers for the operands, so nothing spills. The accumulators are
 * plain locals and the loop is straight-line so that the JIT keeps every vector in a register.
 */
final class VectorGemmKernel extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 8;

    VectorGemmKernel() {
        super(MR, 3 * L);
    }

    private static final DirectConvKernel DIRECT = new VectorDirectConvKernel();

    @Override
    DirectConvKernel direct() {
        return DIRECT;
    }

    @Override
    String describe() {
        return "vector(" + L + " floats)";
    }

    @Override
    void multiply(final int kc, final float[] a, final int aOff, final float[] b, final int bOff,
                  final float[] c, final int cOff, final int ldc, final int rows, final int cols,
                  final float alpha, final float beta, final float[] tile) {
        if (cols <= 2 * L) {
            // A narrow edge of C: fewer vectors per step, so that it costs what it computes.
            if (cols <= L) {
                multiply1(kc, a, aOff, b, bOff, tile);
            } else {
                multiply2(kc, a, aOff, b, bOff, tile);
            }
            storePartial(tile, 3 * L, c, cOff, ldc, rows, cols, alpha, beta);
            return;
        }
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[ai + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
            ai += 8;
            bi += 3 * L;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, 1 * L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, 3 * L); c11.intoArray(tile, 4 * L); c12.intoArray(tile, 5 * L);
        c20.intoArray(tile, 6 * L); c21.intoArray(tile, 7 * L); c22.intoArray(tile, 8 * L);
        c30.intoArray(tile, 9 * L); c31.intoArray(tile, 10 * L); c32.intoArray(tile, 11 * L);
        c40.intoArray(tile, 12 * L); c41.intoArray(tile, 13 * L); c42.intoArray(tile, 14 * L);
        c50.intoArray(tile, 15 * L); c51.intoArray(tile, 16 * L); c52.intoArray(tile, 17 * L);
        c60.intoArray(tile, 18 * L); c61.intoArray(tile, 19 * L); c62.intoArray(tile, 20 * L);
        c70.intoArray(tile, 21 * L); c71.intoArray(tile, 22 * L); c72.intoArray(tile, 23 * L);
        if (rows == MR && cols == 3 * L) {
            storeFull(tile, c, cOff, ldc, alpha, beta);
        } else {
            storePartial(tile, 3 * L, c, cOff, ldc, rows, cols, alpha, beta);
        }
    }

    @Override
    void multiplyPacking(final int kc, final float[] a, final int aOff, final float[] src, final int srcOff,
                         final int ldb, final float[] b, final int bOff, final float[] c, final int cOff,
                         final int ldc, final int rows, final float alpha, final float beta, final float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        int ai = aOff;
        int bi = bOff;
        int si = srcOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, src, si);
            FloatVector b1 = FloatVector.fromArray(S, src, si + L);
            FloatVector b2 = FloatVector.fromArray(S, src, si + 2 * L);
            b0.intoArray(b, bi);
            b1.intoArray(b, bi + L);
            b2.intoArray(b, bi + 2 * L);
            si += ldb;
            FloatVector av;
            av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[ai + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
            ai += 8;
            bi += 3 * L;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, 1 * L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, 3 * L); c11.intoArray(tile, 4 * L); c12.intoArray(tile, 5 * L);
        c20.intoArray(tile, 6 * L); c21.intoArray(tile, 7 * L); c22.intoArray(tile, 8 * L);
        c30.intoArray(tile, 9 * L); c31.intoArray(tile, 10 * L); c32.intoArray(tile, 11 * L);
        c40.intoArray(tile, 12 * L); c41.intoArray(tile, 13 * L); c42.intoArray(tile, 14 * L);
        c50.intoArray(tile, 15 * L); c51.intoArray(tile, 16 * L); c52.intoArray(tile, 17 * L);
        c60.intoArray(tile, 18 * L); c61.intoArray(tile, 19 * L); c62.intoArray(tile, 20 * L);
        c70.intoArray(tile, 21 * L); c71.intoArray(tile, 22 * L); c72.intoArray(tile, 23 * L);
        if (rows == MR) {
            storeFull(tile, c, cOff, ldc, alpha, beta);
        } else {
            storePartial(tile, 3 * L, c, cOff, ldc, rows, 3 * L, alpha, beta);
        }
    }

    /** The first two vectors of a block into the tile (row stride 3 vectors), for edges of at most 2 vectors. */
    private static void multiply2(final int kc, final float[] a, final int aOff, final float[] b, final int bOff,
                                  final float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[ai + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
            ai += 8;
            bi += 3 * L;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, 3 * L); c11.intoArray(tile, 4 * L);
        c20.intoArray(tile, 6 * L); c21.intoArray(tile, 7 * L);
        c30.intoArray(tile, 9 * L); c31.intoArray(tile, 10 * L);
        c40.intoArray(tile, 12 * L); c41.intoArray(tile, 13 * L);
        c50.intoArray(tile, 15 * L); c51.intoArray(tile, 16 * L);
        c60.intoArray(tile, 18 * L); c61.intoArray(tile, 19 * L);
        c70.intoArray(tile, 21 * L); c71.intoArray(tile, 22 * L);
    }

    /** The first vector of a block into the tile (row stride 3 vectors), for edges of at most one vector. */
    private static void multiply1(final int kc, final float[] a, final int aOff, final float[] b, final int bOff,
                                  final float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ai + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[ai + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[ai + 7]).fma(b0, c7);
            ai += 8;
            bi += 3 * L;
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, 3 * L);
        c2.intoArray(tile, 6 * L);
        c3.intoArray(tile, 9 * L);
        c4.intoArray(tile, 12 * L);
        c5.intoArray(tile, 15 * L);
        c6.intoArray(tile, 18 * L);
        c7.intoArray(tile, 21 * L);
    }

    @Override
    int columnStep() {
        return L;
    }

    /** A full block from the tile into C; kept out of the FMA loop so that loop compiles small and alone. */
    private static void storeFull(final float[] tile, final float[] c, final int cOff, final int ldc,
                                  final float alpha, final float beta) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        FloatVector vb = FloatVector.broadcast(S, beta);
        for (int i = 0; i < MR; i++) {
            int ci = cOff + i * ldc;
            int ti = i * 3 * L;
            for (int j = 0; j < 3 * L; j += L) {
                FloatVector r = FloatVector.fromArray(S, tile, ti + j).mul(va);
                if (beta != 0f) {
                    r = FloatVector.fromArray(S, c, ci + j).fma(vb, r);
                }
                r.intoArray(c, ci + j);
            }
        }
    }
}
