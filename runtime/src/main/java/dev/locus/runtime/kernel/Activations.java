package dev.locus.runtime.kernel;

/**
 * Bias and activation fused into one pass over a tensor viewed as {@code [batch, channels, spatial]}
 * (a dense layer's output is {@code [batch, units, 1]}, a convolution's {@code [batch, channels, h*w]}),
 * and the matching backward pass that also sums the bias gradient. One pass instead of two
 * halves the memory traffic of these bandwidth-bound steps.
 */
public final class Activations {
    private Activations() {
    }

    /** {@code x = f(x + bias[c])} in place; {@code bias} may be null. */
    public static void forward(final Activation f, final float slope, final float[] x, final int off,
                               final int batch, final int channels, final int spatial,
                               final float[] bias, final int biasOff) {
        checkShape(batch, channels, spatial);
        checkSlope(f, slope);
        Checks.range("x", x, off, (long) batch * channels * spatial);
        if (bias != null) {
            Checks.range("bias", bias, biasOff, channels);
        }
        int at = off;
        if (spatial == 1 && bias != null) {
            // A dense layer's [batch, units]: one pass per row with the bias read along it, instead
            // of a call per element.
            for (int b = 0; b < batch; b++) {
                applyRow(f, slope, x, at, channels, bias, biasOff);
                at += channels;
            }
            return;
        }
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                float add = bias == null ? 0f : bias[biasOff + c];
                apply(f, slope, x, at, spatial, add);
                at += spatial;
            }
        }
    }

    /** {@code y[i] = f(x[i])} for {@code i < n}, out of place (the IR's activation ops); y may be x. */
    public static void map(final Activation f, final float slope, final float[] x, final int xOff, final float[] y,
                           final int yOff, final int n) {
        checkSlope(f, slope);
        Checks.nonNegative("n", n);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        if (x != y || xOff != yOff) {
            System.arraycopy(x, xOff, y, yOff, n);
        }
        apply(f, slope, y, yOff, n, 0f);
    }

    /** {@code x[at..at+n] = f(x + add)}: one loop per activation so that each stays simple for the JIT. */
    static void apply(final Activation f, final float slope, final float[] x, final int at, final int n,
                      final float add) {
        int end = at + n;
        switch (f) {
            case RELU:
                for (int i = at; i < end; i++) {
                    x[i] = Math.max(x[i] + add, 0f);
                }
                break;
            case LEAKY_RELU:
                for (int i = at; i < end; i++) {
                    float z = x[i] + add;
                    x[i] = z > 0f ? z : slope * z;
                }
                break;
            case TANH:
                for (int i = at; i < end; i++) {
                    x[i] = (float) Math.tanh(x[i] + add);
                }
                break;
            case SIGMOID:
                for (int i = at; i < end; i++) {
                    x[i] = Activation.sigmoid(x[i] + add);
                }
                break;
            default:
                if (add != 0f) {
                    for (int i = at; i < end; i++) {
                        x[i] += add;
                    }
                }
        }
    }

    /** {@code x[at + c] = f(x[at + c] + bias[biasOff + c])} for {@code c < n}: the float operations of {@link #apply}. */
    static void applyRow(final Activation f, final float slope, final float[] x, final int at, final int n,
                         final float[] bias, final int biasOff) {
        switch (f) {
            case RELU:
                for (int c = 0; c < n; c++) {
                    x[at + c] = Math.max(x[at + c] + bias[biasOff + c], 0f);
                }
                break;
            case LEAKY_RELU:
                for (int c = 0; c < n; c++) {
                    float z = x[at + c] + bias[biasOff + c];
                    x[at + c] = z > 0f ? z : slope * z;
                }
                break;
            case TANH:
                for (int c = 0; c < n; c++) {
                    x[at + c] = (float) Math.tanh(x[at + c] + bias[biasOff + c]);
                }
                break;
            case SIGMOID:
                for (int c = 0; c < n; c++) {
                    x[at + c] = Activation.sigmoid(x[at + c] + bias[biasOff + c]);
                }
                break;
            default:
                for (int c = 0; c < n; c++) {
                    x[at + c] += bias[biasOff + c];
                }
        }
    }

    /**
     * {@code dz = dy * f'(z)}, with f' read from the forward output {@code y}; {@code dz} may be
     * {@code dy} itself. When {@code dBias} is not null it receives the sum of dz over batch and
     * space per channel (overwritten, not accumulated).
     */
    public static void backward(final Activation f, final float slope, final float[] y, final int yOff,
                                final float[] dy, final int dyOff, final float[] dz, final int dzOff,
                                final int batch, final int channels, final int spatial,
                                final float[] dBias, final int dBiasOff) {
        checkShape(batch, channels, spatial);
        checkSlope(f, slope);
        long n = (long) batch * channels * spatial;
        Checks.range("y", y, yOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dz", dz, dzOff, n);
        if (dBias != null) {
            Checks.range("dBias", dBias, dBiasOff, channels);
            java.util.Arrays.fill(dBias, dBiasOff, dBiasOff + channels, 0f);
        }
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int base = (b * channels + c) * spatial;
                float sum = 0f;
                for (int i = 0; i < spatial; i++) {
                    float g = dy[dyOff + base + i] * f.derivativeFromOutput(y[yOff + base + i], slope);
                    dz[dzOff + base + i] = g;
                    sum += g;
                }
                if (dBias != null) {
                    dBias[dBiasOff + c] += sum;
                }
            }
        }
    }

    private static void checkShape(final int batch, final int channels, final int spatial) {
        Checks.nonNegative("batch", batch);
        Checks.nonNegative("channels", channels);
        Checks.nonNegative("spatial", spatial);
    }

    private static void checkSlope(final Activation f, final float slope) {
        if (f == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (f == Activation.LEAKY_RELU && !(slope >= 0f)) {
            throw new IllegalArgumentException("leaky relu slope must be non-negative, got " + slope);
        }
    }
}
