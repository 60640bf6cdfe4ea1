package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * 2-D convolution forward, and its gradients with respect to the input and the weights, on a
 * batch in NCHW layout (see {@link ConvShape}). With the Vector API and enough channels, the
 * {@link DirectConv direct path} computes them without an unfolded matrix; otherwise by im2col
 * and {@link Sgemm}, as follows.
 *
 * <p>The batch is split over the {@linkplain KernelPool#shared() pool}; each thread unfolds its
 * images into its own reusable workspace and multiplies on its own. Images with few output
 * pixels (14x14 and smaller) are unfolded side by side, several to one matrix, so that the
 * product is wide enough for the register tiles (196 columns would leave the last 48-wide tile
 * almost empty) and the packed weights are reused across images. The weight gradient is summed
 * per part of the batch and the partial sums added in part order at the end ({@link
 * GradientParts}), so no two threads write the same memory and the sum is the same whatever the threads.
 */
public final class Conv2d {
    /** Images are grouped until a product has at least this many columns. */
    private static final int TARGET_COLUMNS = 768;
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private Conv2d() {
    }

    /**
     * {@code y = f(conv(x, w) + bias)}: x is {@code [batch, cIn, h, w]}, w is {@code [cOut, cIn, kh, kw]},
     * y is {@code [batch, cOut, oh, ow]}; {@code bias} ({@code cOut} values) may be null.
     */
    public static void forward(final ConvShape s, final float[] x, final int xOff, final float[] w, final int wOff,
                               final float[] bias, final int biasOff, final Activation f, final float slope,
                               final float[] y, final int yOff) {
        forward(Kernels.gemm(), s, x, xOff, w, wOff, bias, biasOff, f, slope, y, yOff);
    }

    /** {@code dx} (overwritten) = the gradient of the input from the output gradient {@code dy}. */
    public static void backwardData(final ConvShape s, final float[] dy, final int dyOff, final float[] w,
                                    final int wOff, final float[] dx, final int dxOff) {
        backwardData(Kernels.gemm(), s, dy, dyOff, w, wOff, dx, dxOff);
    }

    /**
     * {@code dw} (overwritten) = the gradient of the weights, summed over the batch; {@code dBias}
     * (overwritten, may be null) = the output gradient summed over batch and space per channel.
     */
    public static void backwardWeights(final ConvShape s, final float[] x, final int xOff, final float[] dy,
                                       final int dyOff, final float[] dw, final int dwOff, final float[] dBias,
                                       final int dBiasOff) {
        backwardWeights(Kernels.gemm(), s, x, xOff, dy, dyOff, dw, dwOff, dBias, dBiasOff);
    }

    static void forward(final GemmKernel kernel, final ConvShape s, final float[] x, final int xOff,
                        final float[] w, final int wOff, final float[] bias, final int biasOff, final Activation f,
                        final float slope, final float[] y, final int yOff) {
        checkShape(s);
        Checks.range("x", x, xOff, s.inputSize());
        Checks.range("w", w, wOff, s.weightSize());
        Checks.range("y", y, yOff, s.outputSize());
        if (bias != null) {
            Checks.range("bias", bias, biasOff, s.channelsOut());
        }
        if (f == null) {
            throw new IllegalArgumentException("activation must not be null (use Activation.IDENTITY)");
        }
        if (f == Activation.LEAKY_RELU && !(slope >= 0f)) {
            throw new IllegalArgumentException("leaky relu slope must be non-negative, got " + slope);
        }
        if (DirectConv.suitsForward(kernel.direct(), s)) {
            DirectConv.forward(kernel.direct(), s, x, xOff, w, wOff, bias, biasOff, f, slope, y, yOff);
            return;
        }
        Job job = JOB.get();
        job.set(Mode.FORWARD, kernel, s);
        job.x = x;
        job.xOff = xOff;
        job.w = w;
        job.wOff = wOff;
        job.bias = bias;
        job.biasOff = biasOff;
        job.f = f;
        job.slope = slope;
        job.y = y;
        job.yOff = yOff;
        job.runOnPool();
    }

    static void backwardData(final GemmKernel kernel, final ConvShape s, final float[] dy, final int dyOff,
                             final float[] w, final int wOff, final float[] dx, final int dxOff) {
        checkShape(s);
        Checks.range("dy", dy, dyOff, s.outputSize());
        Checks.range("w", w, wOff, s.weightSize());
        Checks.range("dx", dx, dxOff, s.inputSize());
        if (DirectConv.suitsData(kernel.direct(), s)) {
            DirectConv.backwardData(kernel.direct(), s, dy, dyOff, w, wOff, dx, dxOff);
            return;
        }
        Job job = JOB.get();
        job.set(Mode.BACKWARD_DATA, kernel, s);
        job.y = dy;
        job.yOff = dyOff;
        job.w = w;
        job.wOff = wOff;
        job.x = dx;
        job.xOff = dxOff;
        job.runOnPool();
    }

    static void backwardWeights(final GemmKernel kernel, final ConvShape s, final float[] x, final int xOff,
                                final float[] dy, final int dyOff, final float[] dw, final int dwOff,
                                final float[] dBias, final int dBiasOff) {
        checkShape(s);
        Checks.range("x", x, xOff, s.inputSize());
        Checks.range("dy", dy, dyOff, s.outputSize());
        Checks.range("dw", dw, dwOff, s.weightSize());
        if (dBias != null) {
            Checks.range("dBias", dBias, dBiasOff, s.channelsOut());
        }
        if (DirectConv.suitsWeights(kernel.direct(), s)) {
            DirectConv.backwardWeights(kernel.direct(), s, x, xOff, dy, dyOff, dw, dwOff, dBias, dBiasOff);
            return;
        }
        Job job = JOB.get();
        job.set(Mode.BACKWARD_WEIGHTS, kernel, s);
        job.x = x;
        job.xOff = xOff;
        job.y = dy;
        job.yOff = dyOff;
        job.runOnPool();
        job.reduceInto(dw, dwOff, dBias, dBiasOff);
    }

    private static void checkShape(final ConvShape s) {
        if (s == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
    }

    private enum Mode { FORWARD, BACKWARD_DATA, BACKWARD_WEIGHTS }

    /** One call's arguments and its split of the batch into groups of images; reused per calling thread. */
    private static final class Job implements KernelPool.Task {
        final GradientParts parts = new GradientParts();
        Mode mode;
        GemmKernel kernel;
        ConvShape s;
        int group;
        float[] x;
        int xOff;
        float[] w;
        int wOff;
        float[] bias;
        int biasOff;
        Activation f;
        float slope;
        float[] y;
        int yOff;

        void set(final Mode mode, final GemmKernel kernel, final ConvShape s) {
            this.mode = mode;
            this.kernel = kernel;
            this.s = s;
            this.bias = null;
            int pixels = s.outHeight() * s.outWidth();
            int wide = (TARGET_COLUMNS + pixels - 1) / pixels;
            if (mode == Mode.BACKWARD_WEIGHTS) {
                // Fixed by the shape alone, as GradientParts needs: the sum's order must not follow the threads.
                this.group = Math.max(1, Math.min(s.batch(), wide));
                parts.start((s.batch() + group - 1) / group, s.weightSize(), s.channelsOut());
            } else {
                int threads = KernelPool.shared().threads();
                int perThread = (s.batch() + threads - 1) / threads;
                this.group = Math.max(1, Math.min(perThread, wide));
            }
        }

        void runOnPool() {
            try {
                KernelPool.shared().run(mode == Mode.BACKWARD_WEIGHTS ? parts.parts() : (s.batch() + group - 1) / group,
                        this);
            } finally {
                x = null;
                w = null;
                y = null;
                bias = null;
            }
        }

        @Override
        public void run(final int item) {
            Workspace ws = WORKSPACE.get();
            ws.ensure(s, group);
            if (mode == Mode.BACKWARD_WEIGHTS) {
                parts.clear(item);
                float[] dw = parts.weights(item);
                float[] db = parts.biases(item);
                for (int g = parts.firstGroup(item); g < parts.endGroup(item); g++) {
                    weightGroup(ws, dw, db, g * group, Math.min(group, s.batch() - g * group));
                }
                return;
            }
            int first = item * group;
            int images = Math.min(group, s.batch() - first);
            if (mode == Mode.FORWARD) {
                forwardGroup(ws, first, images);
            } else {
                dataGroup(ws, first, images);
            }
        }

        private void forwardGroup(final Workspace ws, final int first, final int images) {
            int pixels = s.outHeight() * s.outWidth();
            int cols = images * pixels;
            int patch = s.patchSize();
            int cOut = s.channelsOut();
            for (int j = 0; j < images; j++) {
                Im2col.unfold(s, x, xOff + (first + j) * s.inputImageSize(), ws.col, j * pixels, cols);
            }
            int out = yOff + first * s.outputImageSize();
            if (images == 1) {
                Sgemm.compute(kernel, false, false, cOut, pixels, patch, 1f, w, wOff, patch, ws.col, 0, cols,
                        0f, y, out, pixels);
            } else {
                Sgemm.compute(kernel, false, false, cOut, cols, patch, 1f, w, wOff, patch, ws.col, 0, cols,
                        0f, ws.matrix, 0, cols);
                for (int j = 0; j < images; j++) {
                    for (int c = 0; c < cOut; c++) {
                        System.arraycopy(ws.matrix, c * cols + j * pixels, y, out + (j * cOut + c) * pixels, pixels);
                    }
                }
            }
            for (int j = 0; j < images; j++) {
                for (int c = 0; c < cOut; c++) {
                    float add = bias == null ? 0f : bias[biasOff + c];
                    Activations.apply(f, slope, y, out + (j * cOut + c) * pixels, pixels, add);
                }
            }
        }

        private void dataGroup(final Workspace ws, final int first, final int images) {
            int pixels = s.outHeight() * s.outWidth();
            int cols = images * pixels;
            int patch = s.patchSize();
            int cOut = s.channelsOut();
            float[] g = gatherOutputGradient(ws, first, images);
            int gOff = images == 1 ? yOff + first * s.outputImageSize() : 0;
            Sgemm.compute(kernel, true, false, patch, cols, cOut, 1f, w, wOff, patch, g, gOff, cols,
                    0f, ws.col, 0, cols);
            for (int j = 0; j < images; j++) {
                Im2col.fold(s, ws.col, j * pixels, cols, x, xOff + (first + j) * s.inputImageSize());
            }
        }

        private void weightGroup(final Workspace ws, final float[] dw, final float[] db, final int first,
                                 final int images) {
            int pixels = s.outHeight() * s.outWidth();
            int cols = images * pixels;
            int patch = s.patchSize();
            int cOut = s.channelsOut();
            for (int j = 0; j < images; j++) {
                Im2col.unfold(s, x, xOff + (first + j) * s.inputImageSize(), ws.col, j * pixels, cols);
            }
            float[] g = gatherOutputGradient(ws, first, images);
            int gOff = images == 1 ? yOff + first * s.outputImageSize() : 0;
            Sgemm.compute(kernel, false, true, cOut, patch, cols, 1f, g, gOff, cols, ws.col, 0, cols,
                    1f, dw, 0, patch);
            for (int c = 0; c < cOut; c++) {
                float sum = 0f;
                int row = gOff + c * cols;
                for (int i = 0; i < cols; i++) {
                    sum += g[row + i];
                }
                db[c] += sum;
            }
        }

        /** The output gradient of the group as one {@code cOut x (images * pixels)} matrix. */
        private float[] gatherOutputGradient(final Workspace ws, final int first, final int images) {
            if (images == 1) {
                return y;
            }
            int pixels = s.outHeight() * s.outWidth();
            int cols = images * pixels;
            int cOut = s.channelsOut();
            for (int j = 0; j < images; j++) {
                for (int c = 0; c < cOut; c++) {
                    System.arraycopy(y, yOff + (first + j) * s.outputImageSize() + c * pixels, ws.matrix,
                            c * cols + j * pixels, pixels);
                }
            }
            return ws.matrix;
        }

        /** {@code dw} and {@code dBias} (may be null) = the sums of the parts' partial gradients, in part order. */
        void reduceInto(final float[] dw, final int dwOff, final float[] dBias, final int dBiasOff) {
            int size = s.weightSize();
            int cOut = s.channelsOut();
            Arrays.fill(dw, dwOff, dwOff + size, 0f);
            if (dBias != null) {
                Arrays.fill(dBias, dBiasOff, dBiasOff + cOut, 0f);
            }
            for (int p = 0; p < parts.parts(); p++) {
                float[] part = parts.weights(p);
                for (int i = 0; i < size; i++) {
                    dw[dwOff + i] += part[i];
                }
                if (dBias != null) {
                    float[] db = parts.biases(p);
                    for (int c = 0; c < cOut; c++) {
                        dBias[dBiasOff + c] += db[c];
                    }
                }
            }
        }
    }

    /** A thread's unfolded images and gathered matrix, grown as needed and reused. */
    private static final class Workspace {
        float[] col = new float[0];
        float[] matrix = new float[0];

        void ensure(final ConvShape s, final int group) {
            int cols = group * s.outHeight() * s.outWidth();
            long colSize = (long) s.patchSize() * cols;
            if (colSize > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("convolution too large to unfold: " + s);
            }
            if (col.length < colSize) {
                col = new float[(int) colSize];
            }
            if (matrix.length < s.channelsOut() * cols) {
                matrix = new float[s.channelsOut() * cols];
            }
        }
    }
}
