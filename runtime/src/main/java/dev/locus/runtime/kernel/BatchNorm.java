package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * Batch normalization with PyTorch's semantics (and the interpreter's), on {@code x} seen as
 * {@code [batch, channels, inner]}: a convolution's {@code [c, h, w]} samples have
 * {@code inner = h * w}, a dense layer's {@code [n]} features are channels with {@code inner = 1}.
 * With N = batch * inner values per channel:
 * <ul>
 *   <li>training normalizes with the batch's mean and <em>biased</em> variance (sum of squared
 *       deviations / N): {@code y = (x - mean) * (invStd * gamma) + beta},
 *       {@code invStd = 1 / sqrt(var + eps)};</li>
 *   <li>it moves the running statistics towards the batch's:
 *       {@code running = (1 - momentum) * running + momentum * batch}, with the <em>unbiased</em>
 *       variance ({@code var * N / (N - 1)}; with N = 1 the biased one, as the interpreter does);</li>
 *   <li>inference normalizes with the running mean and variance;</li>
 *   <li>the gradients, for training mode (mean and variance depend on x), are
 *       {@code dBeta = sum g}, {@code dGamma = sum g * xhat},
 *       {@code dx = gamma * invStd / N * (N g - dBeta - xhat dGamma)}, {@code xhat = (x - mean) * invStd}.</li>
 * </ul>
 * The forward pass in training leaves each channel's mean and invStd in caller buffers, which
 * the backward pass reads instead of computing them again ({@link #statistics} computes them
 * alone, for a gradient whose forward pass was not this kernel's). Per-channel sums are kept in
 * double for {@code [c, h, w]} (mean and variance divided in double, then rounded); for
 * {@code [n]} features they add the batch's rows in float, a vector of features at a time, and
 * divide in float. The rest is float arithmetic, each operation rounded:
 * {@code invStd = 1 / sqrt(var + eps)} and the running update
 * {@code (1 - momentum) * running + momentum * (var * (N / (N - 1)))}.
 *
 * <p>Work is split over the {@linkplain KernelPool#shared() pool} by channels (by blocks of
 * features for {@code [n]}) when the tensor is large; each channel is independent.
 */
public final class BatchNorm {
    /**
     * Below this many elements the call stays on one thread. Measured as for
     * {@link Elementwise#PARALLEL_MIN} (training forward, 4 channels of 256 values): one thread
     * 36 us at 2^17 floats and 94 at 2^18, two threads 40 and 86. {@code -Dlocus.batchnorm.parallelMin=N}
     * overrides it.
     */
    static final int PARALLEL_MIN = Integer.getInteger("locus.batchnorm.parallelMin", 1 << 18);
    /** Features of an [n] tensor per work item: whole vectors, and a row of them is a few cache lines. */
    private static final int FEATURES_PER_ITEM = 256;

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private BatchNorm() {
    }

    // ---------------------------------------------------------------- public entry points

    /**
     * The batch's mean and inverse standard deviation {@code 1 / sqrt(var + eps)} (biased
     * variance) per channel, written to {@code mean} and {@code invStd} ({@code channels} floats each).
     */
    public static void statistics(final float[] x, final int xOff, final int batch, final int channels,
                                  final int inner, final float eps, final float[] mean, final int meanOff,
                                  final float[] invStd, final int invStdOff) {
        statistics(Kernels.elementwise(), x, xOff, batch, channels, inner, eps, mean, meanOff, invStd, invStdOff);
    }

    /**
     * The forward pass when training: {@code y} from the batch's statistics, which are also left in
     * {@code mean} and {@code invStd} for {@link #backward}; the running statistics move by
     * {@code momentum} unless {@code runningMean} is null (then {@code runningVar} is ignored too).
     * y may be x.
     */
    public static void training(final float[] x, final int xOff, final int batch, final int channels,
                                final int inner, final float[] gamma, final int gammaOff, final float[] beta,
                                final int betaOff, final float eps, final float momentum, final float[] runningMean,
                                final int runningMeanOff, final float[] runningVar, final int runningVarOff,
                                final float[] mean, final int meanOff, final float[] invStd, final int invStdOff,
                                final float[] y, final int yOff) {
        training(Kernels.elementwise(), x, xOff, batch, channels, inner, gamma, gammaOff, beta, betaOff, eps,
                momentum, runningMean, runningMeanOff, runningVar, runningVarOff, mean, meanOff, invStd, invStdOff,
                y, yOff);
    }

    /**
     * The forward pass when predicting: {@code y} from the running statistics. {@code invStd}
     * ({@code channels} floats) is scratch that receives {@code 1 / sqrt(runningVar + eps)}. y may be x.
     */
    public static void inference(final float[] x, final int xOff, final int batch, final int channels,
                                 final int inner, final float[] gamma, final int gammaOff, final float[] beta,
                                 final int betaOff, final float eps, final float[] runningMean,
                                 final int runningMeanOff, final float[] runningVar, final int runningVarOff,
                                 final float[] invStd, final int invStdOff, final float[] y, final int yOff) {
        inference(Kernels.elementwise(), x, xOff, batch, channels, inner, gamma, gammaOff, beta, betaOff, eps,
                runningMean, runningMeanOff, runningVar, runningVarOff, invStd, invStdOff, y, yOff);
    }

    /**
     * The gradients of the training-mode forward pass from the incoming gradient g, with the
     * {@code mean} and {@code invStd} that {@link #training} or {@link #statistics} left:
     * {@code dGamma} and {@code dBeta} (overwritten; the input gradient needs both, so pass scratch
     * when the parameters' gradients are not wanted) and, unless {@code dx} is null, {@code dx}.
     * dx may be g or x.
     */
    public static void backward(final float[] x, final int xOff, final float[] g, final int gOff, final int batch,
                                final int channels, final int inner, final float[] gamma, final int gammaOff,
                                final float[] mean, final int meanOff, final float[] invStd, final int invStdOff,
                                final float[] dx, final int dxOff, final float[] dGamma, final int dGammaOff,
                                final float[] dBeta, final int dBetaOff) {
        backward(Kernels.elementwise(), x, xOff, g, gOff, batch, channels, inner, gamma, gammaOff, mean, meanOff,
                invStd, invStdOff, dx, dxOff, dGamma, dGammaOff, dBeta, dBetaOff);
    }

    // ---------------------------------------------------------------- checks, then one job per call

    static void statistics(final ElementwiseKernel kernel, final float[] x, final int xOff, final int batch,
                           final int channels, final int inner, final float eps, final float[] mean,
                           final int meanOff, final float[] invStd, final int invStdOff) {
        long n = checkShape(batch, channels, inner, true);
        checkEps(eps);
        Checks.range("x", x, xOff, n);
        checkStatistics(x, xOff, n, mean, meanOff, invStd, invStdOff, channels);
        Job job = JOB.get().set(kernel, Mode.STATISTICS, batch, channels, inner);
        job.x = x;
        job.xOff = xOff;
        job.eps = eps;
        job.mean = mean;
        job.meanOff = meanOff;
        job.invStd = invStd;
        job.invStdOff = invStdOff;
        job.runOnPool();
    }

    static void training(final ElementwiseKernel kernel, final float[] x, final int xOff, final int batch,
                         final int channels, final int inner, final float[] gamma, final int gammaOff,
                         final float[] beta, final int betaOff, final float eps, final float momentum,
                         final float[] runningMean, final int runningMeanOff, final float[] runningVar,
                         final int runningVarOff, final float[] mean, final int meanOff, final float[] invStd,
                         final int invStdOff, final float[] y, final int yOff) {
        long n = checkShape(batch, channels, inner, true);
        checkEps(eps);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.sameOrApart("x", x, xOff, n, "y", y, yOff, n);
        Checks.range("gamma", gamma, gammaOff, channels);
        Checks.range("beta", beta, betaOff, channels);
        checkStatistics(x, xOff, n, mean, meanOff, invStd, invStdOff, channels);
        Checks.apart("y", y, yOff, n, "mean", mean, meanOff, channels);
        Checks.apart("y", y, yOff, n, "invStd", invStd, invStdOff, channels);
        if (runningMean != null) {
            if (!(momentum >= 0f && momentum <= 1f)) {
                throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
            }
            Checks.range("runningMean", runningMean, runningMeanOff, channels);
            Checks.range("runningVar", runningVar, runningVarOff, channels);
            Checks.apart("runningMean", runningMean, runningMeanOff, channels, "runningVar", runningVar,
                    runningVarOff, channels);
        }
        Job job = JOB.get().set(kernel, Mode.TRAINING, batch, channels, inner);
        job.x = x;
        job.xOff = xOff;
        job.gamma = gamma;
        job.gammaOff = gammaOff;
        job.beta = beta;
        job.betaOff = betaOff;
        job.eps = eps;
        job.momentum = momentum;
        job.runningMean = runningMean;
        job.runningMeanOff = runningMeanOff;
        job.runningVar = runningMean == null ? null : runningVar;
        job.runningVarOff = runningVarOff;
        job.mean = mean;
        job.meanOff = meanOff;
        job.invStd = invStd;
        job.invStdOff = invStdOff;
        job.out = y;
        job.outOff = yOff;
        job.runOnPool();
    }

    static void inference(final ElementwiseKernel kernel, final float[] x, final int xOff, final int batch,
                          final int channels, final int inner, final float[] gamma, final int gammaOff,
                          final float[] beta, final int betaOff, final float eps, final float[] runningMean,
                          final int runningMeanOff, final float[] runningVar, final int runningVarOff,
                          final float[] invStd, final int invStdOff, final float[] y, final int yOff) {
        long n = checkShape(batch, channels, inner, false);
        checkEps(eps);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.sameOrApart("x", x, xOff, n, "y", y, yOff, n);
        Checks.range("gamma", gamma, gammaOff, channels);
        Checks.range("beta", beta, betaOff, channels);
        Checks.range("runningMean", runningMean, runningMeanOff, channels);
        Checks.range("runningVar", runningVar, runningVarOff, channels);
        Checks.range("invStd", invStd, invStdOff, channels);
        Checks.apart("x", x, xOff, n, "invStd", invStd, invStdOff, channels);
        Checks.apart("y", y, yOff, n, "invStd", invStd, invStdOff, channels);
        Checks.apart("runningVar", runningVar, runningVarOff, channels, "invStd", invStd, invStdOff, channels);
        Checks.apart("runningMean", runningMean, runningMeanOff, channels, "invStd", invStd, invStdOff, channels);
        Job job = JOB.get().set(kernel, Mode.INFERENCE, batch, channels, inner);
        job.x = x;
        job.xOff = xOff;
        job.gamma = gamma;
        job.gammaOff = gammaOff;
        job.beta = beta;
        job.betaOff = betaOff;
        job.eps = eps;
        job.runningMean = runningMean;
        job.runningMeanOff = runningMeanOff;
        job.runningVar = runningVar;
        job.runningVarOff = runningVarOff;
        job.invStd = invStd;
        job.invStdOff = invStdOff;
        job.out = y;
        job.outOff = yOff;
        job.runOnPool();
    }

    static void backward(final ElementwiseKernel kernel, final float[] x, final int xOff, final float[] g,
                         final int gOff, final int batch, final int channels, final int inner, final float[] gamma,
                         final int gammaOff, final float[] mean, final int meanOff, final float[] invStd,
                         final int invStdOff, final float[] dx, final int dxOff, final float[] dGamma,
                         final int dGammaOff, final float[] dBeta, final int dBetaOff) {
        long n = checkShape(batch, channels, inner, true);
        Checks.range("x", x, xOff, n);
        Checks.range("g", g, gOff, n);
        Checks.range("gamma", gamma, gammaOff, channels);
        Checks.range("mean", mean, meanOff, channels);
        Checks.range("invStd", invStd, invStdOff, channels);
        Checks.range("dGamma", dGamma, dGammaOff, channels);
        Checks.range("dBeta", dBeta, dBetaOff, channels);
        Checks.apart("dGamma", dGamma, dGammaOff, channels, "dBeta", dBeta, dBetaOff, channels);
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? "dGamma" : "dBeta";
            float[] sums = i == 0 ? dGamma : dBeta;
            int off = i == 0 ? dGammaOff : dBetaOff;
            Checks.apart("x", x, xOff, n, name, sums, off, channels);
            Checks.apart("g", g, gOff, n, name, sums, off, channels);
            Checks.apart("gamma", gamma, gammaOff, channels, name, sums, off, channels);
            Checks.apart("mean", mean, meanOff, channels, name, sums, off, channels);
            Checks.apart("invStd", invStd, invStdOff, channels, name, sums, off, channels);
        }
        if (dx != null) {
            Checks.range("dx", dx, dxOff, n);
            Checks.sameOrApart("g", g, gOff, n, "dx", dx, dxOff, n);
            Checks.sameOrApart("x", x, xOff, n, "dx", dx, dxOff, n);
            Checks.apart("dx", dx, dxOff, n, "dGamma", dGamma, dGammaOff, channels);
            Checks.apart("dx", dx, dxOff, n, "dBeta", dBeta, dBetaOff, channels);
        }
        Job job = JOB.get().set(kernel, Mode.BACKWARD, batch, channels, inner);
        job.x = x;
        job.xOff = xOff;
        job.g = g;
        job.gOff = gOff;
        job.gamma = gamma;
        job.gammaOff = gammaOff;
        job.mean = mean;
        job.meanOff = meanOff;
        job.invStd = invStd;
        job.invStdOff = invStdOff;
        job.out = dx;
        job.outOff = dxOff;
        job.dGamma = dGamma;
        job.dGammaOff = dGammaOff;
        job.dBeta = dBeta;
        job.dBetaOff = dBetaOff;
        job.runOnPool();
    }

    private static long checkShape(final int batch, final int channels, final int inner, final boolean statistics) {
        if (statistics) {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive (batch statistics need a sample), got "
                        + batch);
            }
        } else {
            Checks.nonNegative("batch", batch);
        }
        Checks.positive("channels", channels);
        Checks.positive("inner", inner);
        return (long) batch * channels * inner;
    }

    private static void checkEps(final float eps) {
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a positive finite number, got " + eps);
        }
    }

    /** mean and invStd: in range, apart from each other and from x (they are written while x is read). */
    private static void checkStatistics(final float[] x, final int xOff, final long n, final float[] mean,
                                        final int meanOff, final float[] invStd, final int invStdOff,
                                        final int channels) {
        Checks.range("mean", mean, meanOff, channels);
        Checks.range("invStd", invStd, invStdOff, channels);
        Checks.apart("mean", mean, meanOff, channels, "invStd", invStd, invStdOff, channels);
        Checks.apart("x", x, xOff, n, "mean", mean, meanOff, channels);
        Checks.apart("x", x, xOff, n, "invStd", invStd, invStdOff, channels);
    }

    // ---------------------------------------------------------------- the work

    private enum Mode { STATISTICS, TRAINING, INFERENCE, BACKWARD }

    /**
     * One call's arguments; an item is one channel, or a block of features when inner is 1.
     * Reused per calling thread.
     */
    private static final class Job implements KernelPool.Task {
        ElementwiseKernel kernel;
        Mode mode;
        int batch;
        int channels;
        int inner;
        float[] x;
        int xOff;
        float[] g;
        int gOff;
        float[] gamma;
        int gammaOff;
        float[] beta;
        int betaOff;
        float eps;
        float momentum;
        float[] runningMean;
        int runningMeanOff;
        float[] runningVar;
        int runningVarOff;
        float[] mean;
        int meanOff;
        float[] invStd;
        int invStdOff;
        float[] out;
        int outOff;
        float[] dGamma;
        int dGammaOff;
        float[] dBeta;
        int dBetaOff;

        Job set(final ElementwiseKernel kernel, final Mode mode, final int batch, final int channels,
                final int inner) {
            this.kernel = kernel;
            this.mode = mode;
            this.batch = batch;
            this.channels = channels;
            this.inner = inner;
            return this;
        }

        void runOnPool() {
            try {
                int items = inner == 1 ? (channels + FEATURES_PER_ITEM - 1) / FEATURES_PER_ITEM : channels;
                KernelPool pool = KernelPool.shared();
                if (pool.threads() == 1 || items == 1 || (long) batch * channels * inner < PARALLEL_MIN) {
                    for (int i = 0; i < items; i++) {
                        run(i);
                    }
                } else {
                    pool.run(items, this);
                }
            } finally {
                x = null;
                g = null;
                gamma = null;
                beta = null;
                runningMean = null;
                runningVar = null;
                mean = null;
                invStd = null;
                out = null;
                dGamma = null;
                dBeta = null;
            }
        }

        @Override
        public void run(final int item) {
            if (inner == 1) {
                int from = item * FEATURES_PER_ITEM;
                int width = Math.min(FEATURES_PER_ITEM, channels - from);
                switch (mode) {
                    case STATISTICS, TRAINING -> featureStatistics(from, width);
                    case INFERENCE -> runningInverse(from, width);
                    case BACKWARD -> featureBackward(from, width);
                }
                if (mode == Mode.TRAINING) {
                    normalizeFeatures(mean, meanOff, from, width);
                } else if (mode == Mode.INFERENCE) {
                    normalizeFeatures(runningMean, runningMeanOff, from, width);
                }
                return;
            }
            switch (mode) {
                case STATISTICS, TRAINING -> channelStatistics(item);
                case INFERENCE -> runningInverse(item, 1);
                case BACKWARD -> channelBackward(item);
            }
            if (mode == Mode.TRAINING) {
                normalizeChannel(item, mean[meanOff + item]);
            } else if (mode == Mode.INFERENCE) {
                normalizeChannel(item, runningMean[runningMeanOff + item]);
            }
        }

        /** Where channel c of sample b starts, relative to the tensor's offset. */
        private int segment(final int b, final int c) {
            return (b * channels + c) * inner;
        }

        private void channelStatistics(final int c) {
            int count = batch * inner;
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += kernel.sum(x, xOff + segment(b, c), inner);
            }
            float m = (float) (sum / count);
            double squares = 0;
            for (int b = 0; b < batch; b++) {
                squares += kernel.squaredDeviations(x, xOff + segment(b, c), m, inner);
            }
            float variance = (float) (squares / count);
            mean[meanOff + c] = m;
            invStd[invStdOff + c] = variance; // as for features, until it becomes invStd below
            if (mode == Mode.TRAINING && runningMean != null) {
                moveRunning(c, 1);
            }
            invStd[invStdOff + c] = 1f / (float) Math.sqrt(variance + eps);
        }

        /**
         * Features [from, from + width): sums over the batch's rows in the caller's mean and invStd
         * buffers (a vector of features at a time), then the per-feature arithmetic in float, in
         * loops the JIT vectorizes: in double, a division and a square root per feature cost
         * 10 ns here, more than the passes over a batch of 64.
         */
        private void featureStatistics(final int from, final int width) {
            float count = batch;
            int m0 = meanOff + from;
            int s0 = invStdOff + from;
            Arrays.fill(mean, m0, m0 + width, 0f);
            for (int b = 0; b < batch; b++) {
                kernel.accumulate(x, xOff + b * channels + from, mean, m0, width);
            }
            for (int j = 0; j < width; j++) {
                mean[m0 + j] /= count;
            }
            Arrays.fill(invStd, s0, s0 + width, 0f);
            for (int b = 0; b < batch; b++) {
                kernel.accumulateSquaredDeviations(x, xOff + b * channels + from, mean, m0, invStd, s0, width);
            }
            for (int j = 0; j < width; j++) {
                invStd[s0 + j] /= count; // the biased variance, until it becomes invStd below
            }
            if (mode == Mode.TRAINING && runningMean != null) {
                moveRunning(from, width);
            }
            float e = eps;
            for (int j = 0; j < width; j++) {
                invStd[s0 + j] = 1f / (float) Math.sqrt(invStd[s0 + j] + e);
            }
        }

        /**
         * Moves the running statistics of channels [c0, c0 + width) towards the batch's: its means
         * in the mean buffer and its biased variances, for now, in the invStd buffer.
         */
        private void moveRunning(final int c0, final int width) {
            long count = (long) batch * inner;
            // The unbiased estimate needs two values; with one, the biased one (0) is all there is.
            float correction = count > 1 ? (float) ((double) count / (count - 1)) : 1f;
            float keep = 1f - momentum;
            float step = momentum;
            int rm = runningMeanOff + c0;
            int rv = runningVarOff + c0;
            int bm = meanOff + c0;
            int bv = invStdOff + c0;
            for (int j = 0; j < width; j++) {
                runningMean[rm + j] = keep * runningMean[rm + j] + step * mean[bm + j];
                runningVar[rv + j] = keep * runningVar[rv + j] + step * (invStd[bv + j] * correction);
            }
        }

        /** invStd of channels [from, from + width) from the running variance (inference). */
        private void runningInverse(final int from, final int width) {
            float e = eps;
            for (int c = from; c < from + width; c++) {
                invStd[invStdOff + c] = 1f / (float) Math.sqrt(runningVar[runningVarOff + c] + e);
            }
        }

        private void normalizeChannel(final int c, final float m) {
            float scale = invStd[invStdOff + c] * gamma[gammaOff + c];
            float shift = beta[betaOff + c];
            for (int b = 0; b < batch; b++) {
                kernel.normalize(x, xOff + segment(b, c), m, scale, shift, out, outOff + segment(b, c), inner);
            }
        }

        private void normalizeFeatures(final float[] centre, final int centreOff, final int from, final int width) {
            for (int b = 0; b < batch; b++) {
                int row = b * channels + from;
                kernel.normalizeRow(x, xOff + row, centre, centreOff + from, invStd, invStdOff + from, gamma,
                        gammaOff + from, beta, betaOff + from, out, outOff + row, width);
            }
        }

        private void channelBackward(final int c) {
            float m = mean[meanOff + c];
            float inv = invStd[invStdOff + c];
            double sumG = 0;
            double sumGDev = 0;
            for (int b = 0; b < batch; b++) {
                int at = segment(b, c);
                sumG += kernel.sum(g, gOff + at, inner);
                sumGDev += kernel.deviationProducts(g, gOff + at, x, xOff + at, m, inner);
            }
            float db = (float) sumG;
            float dg = (float) (sumGDev * inv);
            dBeta[dBetaOff + c] = db;
            dGamma[dGammaOff + c] = dg;
            if (out != null) {
                float count = (float) batch * inner;
                float k = gamma[gammaOff + c] * inv * (1f / count);
                for (int b = 0; b < batch; b++) {
                    int at = segment(b, c);
                    kernel.normalizeBackward(g, gOff + at, x, xOff + at, m, inv, k, count, db, dg, out, outOff + at,
                            inner);
                }
            }
        }

        private void featureBackward(final int from, final int width) {
            int db0 = dBetaOff + from;
            int dg0 = dGammaOff + from;
            Arrays.fill(dBeta, db0, db0 + width, 0f);
            Arrays.fill(dGamma, dg0, dg0 + width, 0f);
            for (int b = 0; b < batch; b++) {
                int row = b * channels + from;
                kernel.accumulateGradientSums(g, gOff + row, x, xOff + row, mean, meanOff + from, dBeta, db0, dGamma,
                        dg0, width);
            }
            for (int j = 0; j < width; j++) {
                dGamma[dg0 + j] *= invStd[invStdOff + from + j];
            }
            if (out != null) {
                float count = batch;
                for (int b = 0; b < batch; b++) {
                    int row = b * channels + from;
                    kernel.normalizeBackwardRow(g, gOff + row, x, xOff + row, mean, meanOff + from, invStd,
                            invStdOff + from, gamma, gammaOff + from, count, 1f / count, dBeta, db0, dGamma, dg0, out,
                            outOff + row, width);
                }
            }
        }
    }
}
