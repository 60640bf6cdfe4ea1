package dev.locus.runtime.kernel;

/**
 * The element-wise loops without the Vector API: one simple loop per operation, which the JIT
 * may still vectorize on its own. Sums are kept in double.
 */
final class PlainElementwiseKernel extends ElementwiseKernel {

    @Override
    String describe() {
        return "plain";
    }

    @Override
    void binary(final BinaryOp op, final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                final int oi, final int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] + b[bi + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] - b[bi + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] * b[bi + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] / b[bi + i];
                }
            }
        }
    }

    @Override
    void binary(final BinaryOp op, final float a, final float[] b, final int bi, final float[] out, final int oi,
                final int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a + b[bi + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a - b[bi + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a * b[bi + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a / b[bi + i];
                }
            }
        }
    }

    @Override
    void binary(final BinaryOp op, final float[] a, final int ai, final float b, final float[] out, final int oi,
                final int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] + b;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] - b;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] * b;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] / b;
                }
            }
        }
    }

    @Override
    void unary(final UnaryOp op, final float[] x, final int xi, final float[] out, final int oi, final int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = -x[xi + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.abs(x[xi + i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.signum(x[xi + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = (float) Math.sqrt(x[xi + i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xi + i];
                    out[oi + i] = v > 0f ? v : 0f;
                }
            }
        }
    }

    @Override
    void unaryBackward(final UnaryOp op, final float[] x, final int xi, final float[] y, final int yi,
                       final float[] g, final int gi, final float[] out, final int oi, final int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = -g[gi + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = g[gi + i] * Math.signum(x[xi + i]);
                }
            }
            case SIGN -> java.util.Arrays.fill(out, oi, oi + n, 0f);
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = g[gi + i] / (2f * y[yi + i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[oi + i] = x[xi + i] > 0f ? g[gi + i] : 0f;
                }
            }
        }
    }

    @Override
    double sum(final float[] x, final int xi, final int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xi + i];
        }
        return sum;
    }

    @Override
    double squaredDeviations(final float[] x, final int xi, final float mean, final int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float d = x[xi + i] - mean;
            sum += d * d;
        }
        return sum;
    }

    @Override
    double deviationProducts(final float[] g, final int gi, final float[] x, final int xi, final float mean,
                             final int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += g[gi + i] * (x[xi + i] - mean);
        }
        return sum;
    }

    @Override
    void accumulate(final float[] x, final int xi, final float[] acc, final int ai, final int n) {
        for (int j = 0; j < n; j++) {
            acc[ai + j] += x[xi + j];
        }
    }

    @Override
    void accumulateSquaredDeviations(final float[] x, final int xi, final float[] mean, final int mi,
                                     final float[] acc, final int ai, final int n) {
        for (int j = 0; j < n; j++) {
            float d = x[xi + j] - mean[mi + j];
            acc[ai + j] += d * d;
        }
    }

    @Override
    void accumulateGradientSums(final float[] g, final int gi, final float[] x, final int xi, final float[] mean,
                                final int mi, final float[] sumG, final int sgi, final float[] sumGDev, final int sdi,
                                final int n) {
        for (int j = 0; j < n; j++) {
            float gj = g[gi + j];
            sumG[sgi + j] += gj;
            sumGDev[sdi + j] += gj * (x[xi + j] - mean[mi + j]);
        }
    }

    @Override
    void normalize(final float[] x, final int xi, final float mean, final float scale, final float shift,
                   final float[] out, final int oi, final int n) {
        for (int i = 0; i < n; i++) {
            out[oi + i] = (x[xi + i] - mean) * scale + shift;
        }
    }

    @Override
    void normalizeRow(final float[] x, final int xi, final float[] mean, final int mi, final float[] invStd,
                      final int ii, final float[] gamma, final int gi, final float[] beta, final int bi,
                      final float[] out, final int oi, final int n) {
        for (int j = 0; j < n; j++) {
            out[oi + j] = (x[xi + j] - mean[mi + j]) * (invStd[ii + j] * gamma[gi + j]) + beta[bi + j];
        }
    }

    @Override
    void normalizeBackward(final float[] g, final int gi, final float[] x, final int xi, final float mean,
                           final float invStd, final float k, final float count, final float dBeta,
                           final float dGamma, final float[] out, final int oi, final int n) {
        for (int i = 0; i < n; i++) {
            out[oi + i] = k * (count * g[gi + i] - dBeta - (x[xi + i] - mean) * invStd * dGamma);
        }
    }

    @Override
    void normalizeBackwardRow(final float[] g, final int gi, final float[] x, final int xi, final float[] mean,
                              final int mi, final float[] invStd, final int ii, final float[] gamma, final int gmi,
                              final float count, final float invCount, final float[] dBeta, final int dbi,
                              final float[] dGamma,
                              final int dgi, final float[] out, final int oi, final int n) {
        for (int j = 0; j < n; j++) {
            float inv = invStd[ii + j];
            float k = gamma[gmi + j] * inv * invCount;
            out[oi + j] = k * (count * g[gi + j] - dBeta[dbi + j] - (x[xi + j] - mean[mi + j]) * inv * dGamma[dgi + j]);
        }
    }

    @Override
    void sgdMomentum(final float[] w, final int wi, final float[] g, final int gi, final float[] velocity,
                     final int vi, final int n, final float lr, final float momentum, final float weightDecay) {
        for (int i = 0; i < n; i++) {
            float d = g[gi + i] + weightDecay * w[wi + i];
            float v = Subnormals.flush(momentum * velocity[vi + i] + d);
            velocity[vi + i] = v;
            w[wi + i] -= lr * v;
        }
    }

    @Override
    void adam(final float[] w, final int wi, final float[] g, final int gi, final float[] m, final int mi,
              final float[] v, final int vi, final int n, final float stepSize, final float beta1,
              final float beta2, final float c1, final float c2, final float correction2, final float eps,
              final float weightDecay) {
        for (int i = 0; i < n; i++) {
            adamOne(w, wi + i, g, gi + i, m, mi + i, v, vi + i, stepSize, beta1, beta2, c1, c2, correction2, eps,
                    weightDecay);
        }
    }

    /** One element of {@link #adam}; the vector path's tail uses it too, so that both give the same bits. */
    static void adamOne(final float[] w, final int wi, final float[] g, final int gi, final float[] m, final int mi,
                        final float[] v, final int vi, final float stepSize, final float beta1, final float beta2,
                        final float c1, final float c2, final float correction2, final float eps,
                        final float weightDecay) {
        float d = g[gi] + weightDecay * w[wi];
        float mNew = Subnormals.flush(beta1 * m[mi] + c1 * d);
        float vNew = Subnormals.flush(beta2 * v[vi] + c2 * d * d);
        m[mi] = mNew;
        v[vi] = vNew;
        w[wi] -= stepSize * mNew / ((float) Math.sqrt(vNew) / correction2 + eps);
    }

    @Override
    int maxPool2x2(final float[] x, final int in, final int w, final int[] map, final float[] y, final int out,
                   final int n) {
        return 0; // Pooling's own loop does every window
    }

    @Override
    int maxPool2x2Backward(final float[] x, final int in, final int w, final int[] map, final float[] dy,
                           final int dyOut, final float[] dx, final int dxIn, final int n) {
        return 0;
    }
}
