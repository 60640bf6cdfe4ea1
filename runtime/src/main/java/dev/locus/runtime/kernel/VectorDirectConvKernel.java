package dev.locus.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConvKernel} on the Vector API: 6 rows x 4 vectors (6 x 64 floats with AVX-512) or
 * 12 rows x 2 vectors, 24 accumulators either way, one broadcast per row and one load per vector
 * column a step. The accumulators are plain locals and the loops straight-line, as in
 * {@link VectorGemmKernel}, so that the JIT keeps them in registers.
 */
final class VectorDirectConvKernel extends DirectConvKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    VectorDirectConvKernel() {
        super(4 * L);
    }

    @Override
    void tile(final int width, final float[] src, final int[] rowOff, final int[] stepOff, final int[] runs,
              final int nRuns, final float[] b, final int bOff, final int ldb, final float[] out) {
        if (width == 4 * L) {
            wide(src, rowOff, stepOff, runs, nRuns, b, bOff, ldb, out);
        } else {
            narrow(src, rowOff, stepOff, runs, nRuns, b, bOff, ldb, out);
        }
    }

    private static void wide(final float[] src, final int[] rowOff, final int[] stepOff, final int[] runs,
                             final int nRuns, final float[] b, final int bOff, final int ldb, final float[] out) {
        final int o0 = rowOff[0];
        final int o1 = rowOff[1];
        final int o2 = rowOff[2];
        final int o3 = rowOff[3];
        final int o4 = rowOff[4];
        final int o5 = rowOff[5];
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector c40 = z, c41 = z, c42 = z, c43 = z;
        FloatVector c50 = z, c51 = z, c52 = z, c53 = z;
        // One flat loop whose step jumps at the end of a run: the accumulators then meet only at its head,
        // which keeps them in registers (a nested loop made the JIT box them).
        int q = 0;
        int k = nRuns == 0 ? 0 : runs[0];
        int end = nRuns == 0 ? 0 : k + runs[1];
        int bi = bOff + k * ldb;
        while (k < end) {
            int o = stepOff[k];
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, src[o + o0]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02); c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, src[o + o1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12); c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, src[o + o2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22); c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(S, src[o + o3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32); c33 = av.fma(b3, c33);
            av = FloatVector.broadcast(S, src[o + o4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42); c43 = av.fma(b3, c43);
            av = FloatVector.broadcast(S, src[o + o5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52); c53 = av.fma(b3, c53);
            bi += ldb;
            if (++k == end && (q += 2) < 2 * nRuns) {
                k = runs[q];
                end = k + runs[q + 1];
                bi = bOff + k * ldb;
            }
        }
        c00.intoArray(out, 0); c01.intoArray(out, L); c02.intoArray(out, 2 * L); c03.intoArray(out, 3 * L);
        c10.intoArray(out, 4 * L); c11.intoArray(out, 5 * L); c12.intoArray(out, 6 * L); c13.intoArray(out, 7 * L);
        c20.intoArray(out, 8 * L); c21.intoArray(out, 9 * L); c22.intoArray(out, 10 * L); c23.intoArray(out, 11 * L);
        c30.intoArray(out, 12 * L); c31.intoArray(out, 13 * L); c32.intoArray(out, 14 * L); c33.intoArray(out, 15 * L);
        c40.intoArray(out, 16 * L); c41.intoArray(out, 17 * L); c42.intoArray(out, 18 * L); c43.intoArray(out, 19 * L);
        c50.intoArray(out, 20 * L); c51.intoArray(out, 21 * L); c52.intoArray(out, 22 * L); c53.intoArray(out, 23 * L);
    }

    private static void narrow(final float[] src, final int[] rowOff, final int[] stepOff, final int[] runs,
                               final int nRuns, final float[] b, final int bOff, final int ldb, final float[] out) {
        final int o0 = rowOff[0];
        final int o1 = rowOff[1];
        final int o2 = rowOff[2];
        final int o3 = rowOff[3];
        final int o4 = rowOff[4];
        final int o5 = rowOff[5];
        final int o6 = rowOff[6];
        final int o7 = rowOff[7];
        final int o8 = rowOff[8];
        final int o9 = rowOff[9];
        final int o10 = rowOff[10];
        final int o11 = rowOff[11];
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        FloatVector c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        // One flat loop whose step jumps at the end of a run: the accumulators then meet only at its head,
        // which keeps them in registers (a nested loop made the JIT box them).
        int q = 0;
        int k = nRuns == 0 ? 0 : runs[0];
        int end = nRuns == 0 ? 0 : k + runs[1];
        int bi = bOff + k * ldb;
        while (k < end) {
            int o = stepOff[k];
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, src[o + o0]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, src[o + o1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, src[o + o2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, src[o + o3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, src[o + o4]); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, src[o + o5]); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, src[o + o6]); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, src[o + o7]); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(S, src[o + o8]); c80 = av.fma(b0, c80); c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(S, src[o + o9]); c90 = av.fma(b0, c90); c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(S, src[o + o10]); ca0 = av.fma(b0, ca0); ca1 = av.fma(b1, ca1);
            av = FloatVector.broadcast(S, src[o + o11]); cb0 = av.fma(b0, cb0); cb1 = av.fma(b1, cb1);
            bi += ldb;
            if (++k == end && (q += 2) < 2 * nRuns) {
                k = runs[q];
                end = k + runs[q + 1];
                bi = bOff + k * ldb;
            }
        }
        c00.intoArray(out, 0); c01.intoArray(out, L);
        c10.intoArray(out, 2 * L); c11.intoArray(out, 3 * L);
        c20.intoArray(out, 4 * L); c21.intoArray(out, 5 * L);
        c30.intoArray(out, 6 * L); c31.intoArray(out, 7 * L);
        c40.intoArray(out, 8 * L); c41.intoArray(out, 9 * L);
        c50.intoArray(out, 10 * L); c51.intoArray(out, 11 * L);
        c60.intoArray(out, 12 * L); c61.intoArray(out, 13 * L);
        c70.intoArray(out, 14 * L); c71.intoArray(out, 15 * L);
        c80.intoArray(out, 16 * L); c81.intoArray(out, 17 * L);
        c90.intoArray(out, 18 * L); c91.intoArray(out, 19 * L);
        ca0.intoArray(out, 20 * L); ca1.intoArray(out, 21 * L);
        cb0.intoArray(out, 22 * L); cb1.intoArray(out, 23 * L);
    }
}
