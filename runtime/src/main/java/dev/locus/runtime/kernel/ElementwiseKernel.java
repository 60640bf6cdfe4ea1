package dev.locus.runtime.kernel;

/**
 * The inner loops of the bandwidth-bound kernels ({@link Elementwise}, {@link Reductions},
 * {@link BatchNorm}) over contiguous runs of floats: the only part that differs between the Vector
 * API and the plain path. The public kernels check arguments, split the work and pick the runs;
 * these loops trust them.
 *
 * <p>Every loop that writes one float per element evaluates the same IEEE float operations in the
 * same order on both paths, without fused multiply-adds, so both paths give the same bits. The
 * loops that return a sum add in a different order (vector lanes), so only they may differ.
 */
abstract class ElementwiseKernel {

    abstract String describe();

    // ---------------------------------------------------------------- element-wise

    /** {@code out[i] = a[i] op b[i]}; out may be a or b at the same offset. */
    abstract void binary(BinaryOp op, float[] a, int ai, float[] b, int bi, float[] out, int oi, int n);

    /** {@code out[i] = a op b[i]}. */
    abstract void binary(BinaryOp op, float a, float[] b, int bi, float[] out, int oi, int n);

    /** {@code out[i] = a[i] op b}. */
    abstract void binary(BinaryOp op, float[] a, int ai, float b, float[] out, int oi, int n);

    /** {@code out[i] = f(x[i])}; out may be x at the same offset. */
    abstract void unary(UnaryOp op, float[] x, int xi, float[] out, int oi, int n);

    /** {@code out[i] = f.backward(x[i], y[i], g[i])}; out may be g at the same offset. */
    abstract void unaryBackward(UnaryOp op, float[] x, int xi, float[] y, int yi, float[] g, int gi, float[] out,
                                int oi, int n);

    // ---------------------------------------------------------------- sums of one run, in double

    /**
     * The sum of {@code x[0..n)}, near the exact one: the plain path adds in double, the vector
     * path adds lanes in float over short blocks and the blocks in double.
     */
    abstract double sum(float[] x, int xi, int n);

    /** The sum of {@code (x[i] - mean)^2}, each term a float, added up as {@link #sum} does. */
    abstract double squaredDeviations(float[] x, int xi, float mean, int n);

    /** The sum of {@code g[i] * (x[i] - mean)}, each term a float, added up as {@link #sum} does. */
    abstract double deviationProducts(float[] g, int gi, float[] x, int xi, float mean, int n);

    // ---------------------------------------------------------------- running sums along a row

    /** {@code acc[j] += x[j]}. */
    abstract void accumulate(float[] x, int xi, float[] acc, int ai, int n);

    /** {@code acc[j] += (x[j] - mean[j])^2}. */
    abstract void accumulateSquaredDeviations(float[] x, int xi, float[] mean, int mi, float[] acc, int ai, int n);

    /**
     * Both sums of a batch-norm gradient at once: {@code sumG[j] += g[j]} and
     * {@code sumGDev[j] += g[j] * (x[j] - mean[j])}.
     */
    abstract void accumulateGradientSums(float[] g, int gi, float[] x, int xi, float[] mean, int mi, float[] sumG,
                                         int sgi, float[] sumGDev, int sdi, int n);

    // ---------------------------------------------------------------- batch normalization

    /** One channel: {@code out[i] = (x[i] - mean) * scale + shift}; out may be x. */
    abstract void normalize(float[] x, int xi, float mean, float scale, float shift, float[] out, int oi, int n);

    /**
     * One row of features: {@code out[j] = (x[j] - mean[j]) * (invStd[j] * gamma[j]) + beta[j]}, the
     * same float operations as {@link #normalize} with {@code scale = invStd * gamma}; out may be x.
     */
    abstract void normalizeRow(float[] x, int xi, float[] mean, int mi, float[] invStd, int ii, float[] gamma,
                               int gi, float[] beta, int bi, float[] out, int oi, int n);

    /**
     * One channel of the input gradient:
     * {@code out[i] = k * (count * g[i] - dBeta - (x[i] - mean) * invStd * dGamma)}, where
     * {@code k = gamma * invStd * (1 / count)}; out may be g.
     */
    abstract void normalizeBackward(float[] g, int gi, float[] x, int xi, float mean, float invStd, float k,
                                    float count, float dBeta, float dGamma, float[] out, int oi, int n);

    /**
     * One row of features: {@link #normalizeBackward} with every per-channel value read at j, and
     * {@code k = gamma[j] * invStd[j] * invCount} evaluated in that order ({@code invCount = 1 / count}
     * in float, a product rather than a division per element); out may be g.
     */
    abstract void normalizeBackwardRow(float[] g, int gi, float[] x, int xi, float[] mean, int mi, float[] invStd,
                                       int ii, float[] gamma, int gmi, float count, float invCount, float[] dBeta,
                                       int dbi, float[] dGamma, int dgi, float[] out, int oi, int n);

    // ---------------------------------------------------------------- optimizers

    /**
     * One run of {@link Optimizers#sgd} with momentum: {@code d = g + weightDecay * w},
     * {@code v = momentum * v + d}, {@code w -= lr * v}.
     */
    abstract void sgdMomentum(float[] w, int wi, float[] g, int gi, float[] velocity, int vi, int n, float lr,
                              float momentum, float weightDecay);

    /**
     * One run of {@link Optimizers#adam}: {@code d = g + weightDecay * w}, {@code m = beta1 * m + c1 * d},
     * {@code v = beta2 * v + c2 * d * d}, {@code w -= stepSize * m / (sqrt(v) / correction2 + eps)}.
     */
    abstract void adam(float[] w, int wi, float[] g, int gi, float[] m, int mi, float[] v, int vi, int n,
                       float stepSize, float beta1, float beta2, float c1, float c2, float correction2, float eps,
                       float weightDecay);

    // ---------------------------------------------------------------- 2x2 max pooling, stride 2

    /**
     * The first windows of one plane of 2x2 max pooling with stride 2: window {@code j}'s top-left
     * input is {@code x[in + map[j]]}, its row below {@code w} floats on, and {@code y[out + j]}
     * receives the first maximum of the four in row-major order (a NaN beating a number). Returns
     * how many windows, from 0 and at most {@code n}, it did; the caller does the rest.
     */
    abstract int maxPool2x2(float[] x, int in, int w, int[] map, float[] y, int out, int n);

    /**
     * The gradient of {@link #maxPool2x2}'s first windows: each window's four cells of
     * {@code dx} (at {@code dxIn + map[j]}, {@code + 1}, {@code + w}, {@code + w + 1}) are written,
     * {@code 0 + dy[dyOut + j]} at the maximum and 0 elsewhere; returns how many windows it wrote.
     */
    abstract int maxPool2x2Backward(float[] x, int in, int w, int[] map, float[] dy, int dyOut, float[] dx, int dxIn,
                                    int n);
}
