package dev.locus.runtime.kernel;

/**
 * Parameter updates, each one fused pass over the parameters, their gradient and the
 * optimizer's state (instead of one pass per arithmetic step), following PyTorch's
 * {@code torch.optim.SGD} and {@code torch.optim.Adam} exactly, weight decay included (added to
 * the gradient, L2 style), so that the two can be compared step by step.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * SGD: {@code d = g + weightDecay * w}; with momentum {@code v = momentum * v + d, d = v};
     * {@code w -= lr * d}. {@code velocity} (zeros before the first step) may be null when
     * momentum is 0.
     */
    public static void sgd(final float[] w, final int wOff, final float[] g, final int gOff, final float[] velocity,
                           final int vOff, final int n, final float lr, final float momentum,
                           final float weightDecay) {
        Checks.nonNegative("n", n);
        Checks.range("w", w, wOff, n);
        Checks.range("g", g, gOff, n);
        checkRate("lr", lr);
        checkRate("momentum", momentum);
        checkRate("weightDecay", weightDecay);
        if (momentum == 0f) {
            for (int i = 0; i < n; i++) {
                w[wOff + i] -= lr * (g[gOff + i] + weightDecay * w[wOff + i]);
            }
            return;
        }
        Checks.range("velocity", velocity, vOff, n);
        for (int i = 0; i < n; i++) {
            float d = g[gOff + i] + weightDecay * w[wOff + i];
            float v = momentum * velocity[vOff + i] + d;
            velocity[vOff + i] = v;
            w[wOff + i] -= lr * v;
        }
    }

    /**
     * Adam with bias correction at {@code step} (1 for the first update):
     * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
     * {@code w -= lr / (1 - b1^step) * m / (sqrt(v) / sqrt(1 - b2^step) + eps)}, where
     * {@code g} already includes {@code weightDecay * w}. {@code m} and {@code v} start at zero.
     */
    public static void adam(final float[] w, final int wOff, final float[] g, final int gOff, final float[] m,
                            final int mOff, final float[] v, final int vOff, final int n, final float lr,
                            final float beta1, final float beta2, final float eps, final float weightDecay,
                            final int step) {
        Checks.nonNegative("n", n);
        Checks.range("w", w, wOff, n);
        Checks.range("g", g, gOff, n);
        Checks.range("m", m, mOff, n);
        Checks.range("v", v, vOff, n);
        checkRate("lr", lr);
        checkRate("weightDecay", weightDecay);
        if (!(beta1 >= 0f && beta1 < 1f)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0f)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1 (the first update is step 1), got " + step);
        }
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float c1 = 1f - beta1;
        float c2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i] + weightDecay * w[wOff + i];
            float mi = beta1 * m[mOff + i] + c1 * gi;
            float vi = beta2 * v[vOff + i] + c2 * gi * gi;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] -= stepSize * mi / ((float) Math.sqrt(vi) / correction2 + eps);
        }
    }

    private static void checkRate(final String name, final float value) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number, got " + value);
        }
    }
}
