package dev.locus.runtime.kernel;

/**
 * The micro-kernel without the Vector API: a 4 x 16 block accumulated in a small array, whose
 * inner loop over 16 columns the JIT can still turn into SIMD code on its own.
 */
final class PlainGemmKernel extends GemmKernel {
    private static final int MR = 4;
    private static final int NR = 16;

    PlainGemmKernel() {
        super(MR, NR);
    }

    @Override
    String describe() {
        return "plain";
    }

    @Override
    void multiply(final int kc, final float[] a, final int aOff, final float[] b, final int bOff,
                  final float[] c, final int cOff, final int ldc, final int rows, final int cols,
                  final float alpha, final float beta, final float[] tile) {
        java.util.Arrays.fill(tile, 0, MR * NR, 0f);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < MR; i++) {
                float av = a[ai + i];
                int t = i * NR;
                for (int j = 0; j < NR; j++) {
                    tile[t + j] += av * b[bi + j];
                }
            }
            ai += MR;
            bi += NR;
        }
        storePartial(tile, NR, c, cOff, ldc, rows, cols, alpha, beta);
    }
}
