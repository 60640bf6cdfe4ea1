package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * Max and average pooling, forward and backward (see {@link PoolShape}). Max pooling records,
 * per output, the index of the chosen input within its plane, so that the backward pass routes
 * the gradient without comparing again (and ties go to the first maximum, as in PyTorch).
 * These passes are bound by memory, not arithmetic. Those the JVM backend calls (every one but
 * the argmax pair) split a large batch's planes over the {@linkplain KernelPool#shared() pool}:
 * each plane is read and written by one thread alone, so the split changes no result.
 */
public final class Pooling {
    /** Below this many input floats a pass stays on the calling thread (as {@link Elementwise#PARALLEL_MIN}). */
    private static final int PARALLEL_MIN = 1 << 15;
    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);
    private static final ElementwiseKernel KERNEL = Kernels.elementwise();

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
        JOB.get().run(Mode.MAX_VALUES, s, x, xOff, null, 0, y, yOff);
    }

    /** Planes {@code [from, to)} of {@link #maxValues}. */
    private static void maxValues(final PoolShape s, final float[] x, final int xOff, final float[] y, final int yOff,
                                  final int[] map, final int from, final int to) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        for (int p = from; p < to; p++) {
            int in = xOff + p * h * w;
            int out = yOff + p * oh * ow;
            if (map != null) {
                // The common 2x2 window: vectors of windows where the Vector API is present, then
                // the rest one at a time, with the same comparisons in the same order.
                for (int j = KERNEL.maxPool2x2(x, in, w, map, y, out, oh * ow); j < oh * ow; j++) {
                    int at = in + map[j];
                    float max = x[at];
                    max = larger(max, x[at + 1]);
                    max = larger(max, x[at + w]);
                    max = larger(max, x[at + w + 1]);
                    y[out + j] = max;
                }
                continue;
            }
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float max = x[in + (oy * st) * w + ox * st];
                    for (int i = 0; i < k; i++) {
                        int row = in + (oy * st + i) * w + ox * st;
                        for (int j = 0; j < k; j++) {
                            max = larger(max, x[row + j]);
                        }
                    }
                    y[out + oy * ow + ox] = max;
                }
            }
        }
    }

    /**
     * {@code v} if it beats {@code max} (greater, or a NaN over a number, so that a NaN is not
     * hidden), else max: over a number, v beats it unless {@code v <= max}; nothing beats a NaN.
     */
    private static float larger(final float max, final float v) {
        return max == max & !(v <= max) ? v : max;
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
        JOB.get().run(Mode.MAX_BACKWARD, s, x, xOff, dy, dyOff, dx, dxOff);
    }

    /** Planes {@code [from, to)} of {@link #maxBackwardFromInput}, each cleared and then written while in cache. */
    private static void maxBackwardFromInput(final PoolShape s, final float[] x, final int xOff, final float[] dy,
                                             final int dyOff, final float[] dx, final int dxOff, final int[] map,
                                             final int from, final int to) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        for (int p = from; p < to; p++) {
            int in = p * h * w;
            int out = p * oh * ow;
            if (map != null) {
                // The common 2x2 window: each window writes its own four cells (0 + g at the
                // maximum, as the general loop adds to zeros), so only cells outside every window
                // are cleared first; vectors of windows where the Vector API is present.
                if (2 * oh != h || 2 * ow != w) {
                    Arrays.fill(dx, dxOff + in, dxOff + in + h * w, 0f);
                }
                int xp = xOff + in;
                int dp = dxOff + in;
                int n = oh * ow;
                for (int j = KERNEL.maxPool2x2Backward(x, xp, w, map, dy, dyOff + out, dx, dp, n); j < n; j++) {
                    int at = map[j];
                    float max = x[xp + at];
                    int best = 0;
                    float v = x[xp + at + 1];
                    if (max == max & !(v <= max)) {
                        max = v;
                        best = 1;
                    }
                    v = x[xp + at + w];
                    if (max == max & !(v <= max)) {
                        max = v;
                        best = 2;
                    }
                    v = x[xp + at + w + 1];
                    if (max == max & !(v <= max)) {
                        best = 3;
                    }
                    float g = 0f + dy[dyOff + out + j];
                    dx[dp + at] = best == 0 ? g : 0f;
                    dx[dp + at + 1] = best == 1 ? g : 0f;
                    dx[dp + at + w] = best == 2 ? g : 0f;
                    dx[dp + at + w + 1] = best == 3 ? g : 0f;
                }
                continue;
            }
            Arrays.fill(dx, dxOff + in, dxOff + in + h * w, 0f);
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
        JOB.get().run(Mode.AVERAGE_FORWARD, s, x, xOff, null, 0, y, yOff);
    }

    private static void averageForward(final PoolShape s, final float[] x, final int xOff, final float[] y,
                                       final int yOff, final int from, final int to) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        float scale = 1f / (k * k);
        for (int p = from; p < to; p++) {
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
        JOB.get().run(Mode.AVERAGE_BACKWARD, s, null, 0, dy, dyOff, dx, dxOff);
    }

    private static void averageBackward(final PoolShape s, final float[] dy, final int dyOff, final float[] dx,
                                        final int dxOff, final int from, final int to) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int k = s.size();
        int st = s.stride();
        float scale = 1f / (k * k);
        for (int p = from; p < to; p++) {
            int in = dxOff + p * h * w;
            int out = dyOff + p * oh * ow;
            Arrays.fill(dx, in, in + h * w, 0f);
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

    private enum Mode { MAX_VALUES, MAX_BACKWARD, AVERAGE_FORWARD, AVERAGE_BACKWARD }

    /** One call's arguments and its split into runs of planes; reused per calling thread. */
    private static final class Job implements KernelPool.Task {
        private Mode mode;
        private PoolShape shape;
        private float[] a;
        private int aOff;
        private float[] b;
        private int bOff;
        private float[] out;
        private int outOff;
        private int parts;
        /** For 2x2 windows with stride 2, each window's top-left offset in its plane (else null). */
        private int[] windows;
        private int[] map = new int[0];

        void run(final Mode m, final PoolShape s, final float[] first, final int firstOff, final float[] second,
                 final int secondOff, final float[] result, final int resultOff) {
            mode = m;
            shape = s;
            a = first;
            aOff = firstOff;
            b = second;
            bOff = secondOff;
            out = result;
            outOff = resultOff;
            windows = null;
            if (s.size() == 2 && s.stride() == 2) {
                int oh = s.outHeight();
                int ow = s.outWidth();
                if (map.length < oh * ow) {
                    map = new int[oh * ow];
                }
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        map[oy * ow + ox] = 2 * oy * s.width() + 2 * ox;
                    }
                }
                windows = map;
            }
            try {
                KernelPool pool = KernelPool.shared();
                int planes = s.planes();
                if (pool.threads() == 1 || s.inputSize() < PARALLEL_MIN || planes == 1) {
                    range(0, planes);
                    return;
                }
                parts = Math.min(planes, 4 * pool.threads());
                pool.run(parts, this);
            } finally {
                shape = null;
                a = null;
                b = null;
                out = null;
            }
        }

        @Override
        public void run(final int part) {
            int planes = shape.planes();
            int from = (int) ((long) planes * part / parts);
            int to = (int) ((long) planes * (part + 1) / parts);
            if (from < to) {
                range(from, to);
            }
        }

        private void range(final int from, final int to) {
            switch (mode) {
                case MAX_VALUES -> maxValues(shape, a, aOff, out, outOff, windows, from, to);
                case MAX_BACKWARD -> maxBackwardFromInput(shape, a, aOff, b, bOff, out, outOff, windows, from, to);
                case AVERAGE_FORWARD -> averageForward(shape, a, aOff, out, outOff, from, to);
                case AVERAGE_BACKWARD -> averageBackward(shape, b, bOff, out, outOff, from, to);
            }
        }
    }
}
