package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * Max and average pooling, forward and backward (see {@link PoolShape}). Max pooling records,
 * per output, the index of the chosen input within its plane, so that the backward pass routes
 * the gradient without comparing again (and ties go to the first maximum, as in PyTorch).
 * These passes are bound by memory, not arithmetic; they run on the calling thread.
 */
public final class Pooling {
    private Pooling() {
    }

    /** {@code y} = window maxima of {@code x}; {@code argmax} receives the index in the plane of each. */
    public static void maxForward(final PoolShape s, final float[] x, final int xOff, final float[] y, final int yOff,
                                  final int[] argmax, final int argOff) {
        check(s, "x", x, xOff, s.inputSize(), "y", y, yOff, s.outputSize());
        checkIndices(argmax, argOff, s.outputSize());
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        for (int p = 0; p < s.planes(); p++) {
            int in = xOff + p * h * w;
            int out = p * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = (oy * st) * w + ox * st;
                    float max = x[in + best];
                    for (int i = 0; i < k; i++) {
                        int row = (oy * st + i) * w + ox * st;
                        for (int j = 0; j < k; j++) {
                            float v = x[in + row + j];
                            if (v > max || v != v && max == max) { // a NaN wins, so that it is not hidden
                                max = v;
                                best = row + j;
                            }
                        }
                    }
                    int o = out + oy * ow + ox;
                    y[yOff + o] = max;
                    argmax[argOff + o] = best;
                }
            }
        }
    }

    /** {@code y} = window maxima of {@code x}, keeping no argmax (the IR's MAXPOOL; its gradient finds them again). */
    public static void maxValues(final PoolShape s, final float[] x, final int xOff, final float[] y, final int yOff) {
        check(s, "x", x, xOff, s.inputSize(), "y", y, yOff, s.outputSize());
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        for (int p = 0; p < s.planes(); p++) {
            int in = xOff + p * h * w;
            int out = yOff + p * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float max = x[in + (oy * st) * w + ox * st];
                    for (int i = 0; i < k; i++) {
                        int row = in + (oy * st + i) * w + ox * st;
                        for (int j = 0; j < k; j++) {
                            float v = x[row + j];
                            if (v > max || v != v && max == max) {
                                max = v;
                            }
                        }
                    }
                    y[out + oy * ow + ox] = max;
                }
            }
        }
    }

    /**
     * {@code dx} (overwritten) = {@code dy} routed to the maximum of each window of {@code x}, found
     * again (the IR's MAXPOOL_GRAD, which keeps no argmax): the first maximum in row-major order, a
     * NaN winning as in {@link #maxForward}; overlapping windows add up.
     */
    public static void maxBackwardFromInput(final PoolShape s, final float[] x, final int xOff, final float[] dy,
                                            final int dyOff, final float[] dx, final int dxOff) {
        check(s, "dx", dx, dxOff, s.inputSize(), "dy", dy, dyOff, s.outputSize());
        Checks.range("x", x, xOff, s.inputSize());
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        Arrays.fill(dx, dxOff, (int) (dxOff + s.inputSize()), 0f);
        for (int p = 0; p < s.planes(); p++) {
            int in = p * h * w;
            int out = p * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = (oy * st) * w + ox * st;
                    float max = x[xOff + in + best];
                    for (int i = 0; i < k; i++) {
                        int row = (oy * st + i) * w + ox * st;
                        for (int j = 0; j < k; j++) {
                            float v = x[xOff + in + row + j];
                            if (v > max || v != v && max == max) {
                                max = v;
                                best = row + j;
                            }
                        }
                    }
                    dx[dxOff + in + best] += dy[dyOff + out + oy * ow + ox];
                }
            }
        }
    }

    /** {@code dx} (overwritten) = {@code dy} routed to the inputs that {@link #maxForward} chose. */
    public static void maxBackward(final PoolShape s, final float[] dy, final int dyOff, final int[] argmax,
                                   final int argOff, final float[] dx, final int dxOff) {
        check(s, "dx", dx, dxOff, s.inputSize(), "dy", dy, dyOff, s.outputSize());
        checkIndices(argmax, argOff, s.outputSize());
        int plane = s.height() * s.width();
        int outPlane = s.outHeight() * s.outWidth();
        Arrays.fill(dx, dxOff, (int) (dxOff + s.inputSize()), 0f);
        for (int p = 0; p < s.planes(); p++) {
            int in = dxOff + p * plane;
            int out = p * outPlane;
            for (int o = 0; o < outPlane; o++) {
                int at = argmax[argOff + out + o];
                if (at < 0 || at >= plane) {
                    throw new IllegalArgumentException("argmax[" + (argOff + out + o) + "] = " + at
                            + " is outside a plane of " + plane);
                }
                dx[in + at] += dy[dyOff + out + o];
            }
        }
    }

    /** {@code y} = window means of {@code x}. */
    public static void averageForward(final PoolShape s, final float[] x, final int xOff, final float[] y,
                                      final int yOff) {
        check(s, "x", x, xOff, s.inputSize(), "y", y, yOff, s.outputSize());
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        float scale = 1f / (k * k);
        for (int p = 0; p < s.planes(); p++) {
            int in = xOff + p * h * w;
            int out = yOff + p * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float sum = 0f;
                    for (int i = 0; i < k; i++) {
                        int row = in + (oy * st + i) * w + ox * st;
                        for (int j = 0; j < k; j++) {
                            sum += x[row + j];
                        }
                    }
                    y[out + oy * ow + ox] = sum * scale;
                }
            }
        }
    }

    /** {@code dx} (overwritten) = each output gradient spread evenly over its window. */
    public static void averageBackward(final PoolShape s, final float[] dy, final int dyOff, final float[] dx,
                                       final int dxOff) {
        check(s, "dx", dx, dxOff, s.inputSize(), "dy", dy, dyOff, s.outputSize());
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        float scale = 1f / (k * k);
        Arrays.fill(dx, dxOff, (int) (dxOff + s.inputSize()), 0f);
        for (int p = 0; p < s.planes(); p++) {
            int in = dxOff + p * h * w;
            int out = dyOff + p * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float g = dy[out + oy * ow + ox] * scale;
                    for (int i = 0; i < k; i++) {
                        int row = in + (oy * st + i) * w + ox * st;
                        for (int j = 0; j < k; j++) {
                            dx[row + j] += g;
                        }
                    }
                }
            }
        }
    }

    private static void check(final PoolShape s, final String inName, final float[] in, final int inOff,
                              final long inSize, final String outName, final float[] out, final int outOff,
                              final long outSize) {
        if (s == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        Checks.range(inName, in, inOff, inSize);
        Checks.range(outName, out, outOff, outSize);
    }

    private static void checkIndices(final int[] argmax, final int off, final long size) {
        if (argmax == null) {
            throw new IllegalArgumentException("argmax must not be null");
        }
        if (off < 0 || off + size > argmax.length) {
            throw new IllegalArgumentException("argmax is too short: needs " + size + " indices from offset " + off
                    + ", got " + argmax.length + " in all");
        }
    }
}
