package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * Unfolds one image into the matrix whose product with the weights is the convolution
 * (row = input channel and kernel offset, column = output pixel), and folds such a matrix back,
 * summing, for the gradient of the input. Columns may start at an offset inside a wider matrix,
 * so that several images sit side by side and share one matrix product.
 */
final class Im2col {
    private Im2col() {
    }

    /** Unfolds the image at {@code xOff} into columns {@code [colOff, colOff + oh*ow)} of rows of length {@code ld}. */
    static void unfold(final ConvShape s, final float[] x, final int xOff, final float[] col, final int colOff,
                       final int ld) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int stride = s.stride();
        int pad = s.pad();
        int row = 0;
        for (int c = 0; c < s.channelsIn(); c++) {
            for (int ki = 0; ki < s.kernelH(); ki++) {
                for (int kj = 0; kj < s.kernelW(); kj++, row++) {
                    int rowBase = row * ld + colOff;
                    // Output columns whose input column lies inside the image: a contiguous range.
                    int lo = Math.min(ow, Math.max(0, ceilDiv(pad - kj, stride)));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + pad - kj, stride)));
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * stride - pad + ki;
                        int d = rowBase + oy * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(col, d, d + ow, 0f);
                            continue;
                        }
                        int src = xOff + (c * h + iy) * w - pad + kj;
                        Arrays.fill(col, d, d + lo, 0f);
                        if (stride == 1) {
                            if (hi > lo) { // an empty range may start outside x, which arraycopy refuses
                                System.arraycopy(x, src + lo, col, d + lo, hi - lo);
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                col[d + ox] = x[src + ox * stride];
                            }
                        }
                        Arrays.fill(col, d + hi, d + ow, 0f);
                    }
                }
            }
        }
    }

    /** Overwrites the image at {@code dxOff} with the sum of the columns that read each of its pixels. */
    static void fold(final ConvShape s, final float[] col, final int colOff, final int ld, final float[] dx,
                     final int dxOff) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int stride = s.stride();
        int pad = s.pad();
        Arrays.fill(dx, dxOff, dxOff + s.inputImageSize(), 0f);
        int row = 0;
        for (int c = 0; c < s.channelsIn(); c++) {
            for (int ki = 0; ki < s.kernelH(); ki++) {
                for (int kj = 0; kj < s.kernelW(); kj++, row++) {
                    int rowBase = row * ld + colOff;
                    int lo = Math.min(ow, Math.max(0, ceilDiv(pad - kj, stride)));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + pad - kj, stride)));
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * stride - pad + ki;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int d = rowBase + oy * ow;
                        int dst = dxOff + (c * h + iy) * w - pad + kj;
                        if (stride == 1) {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox] += col[d + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox * stride] += col[d + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(final int a, final int b) {
        return -Math.floorDiv(-a, b);
    }
}
