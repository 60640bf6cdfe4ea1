package dev.locus.runtime.kernel;

import dev.locus.runtime.random.SeededRandom;

/**
 * The fixed tensors of a rule, drawn in float from the seeded generator: the IR's UNIFORM,
 * UNIFORM_LIKE, NORMAL and SIGN_CONCORDANT, and the copy that gives a learned tensor its first value
 * (INIT_PARAMETER). Each call starts the stream of its 64-bit key afresh
 * ({@link dev.locus.runtime.random.KeyHash} computes keys from seed, layer and name), so two calls
 * with the same key give the same floats, bit for bit, whatever was drawn in between; elements
 * are drawn in row-major order, index 0 first. docs/RANDOM.md defines every draw, so that a
 * hardware generator can reproduce them.
 *
 * <p>The stream is one object per thread, restarted for each call, so a call allocates nothing.
 */
public final class FixedTensors {
    private static final ThreadLocal<SeededRandom> STREAM = ThreadLocal.withInitial(() -> SeededRandom.ofKey(0));

    private FixedTensors() {
    }

    /** {@code out[i]} = {@link SeededRandom#uniform(float) uniform(bound)}: one 32-bit draw each, in [-bound, bound). */
    public static void uniform(final long key, final float bound, final float[] out, final int off, final int n) {
        checkScale("bound", bound);
        Checks.nonNegative("n", n);
        Checks.range("out", out, off, n);
        SeededRandom random = STREAM.get().restart(key);
        for (int i = 0; i < n; i++) {
            out[off + i] = random.uniform(bound);
        }
    }

    /** {@code out[i]} = {@link SeededRandom#normal(float) normal(std)}: four 32-bit draws each. */
    public static void normal(final long key, final float std, final float[] out, final int off, final int n) {
        checkScale("std", std);
        Checks.nonNegative("n", n);
        Checks.range("out", out, off, n);
        SeededRandom random = STREAM.get().restart(key);
        for (int i = 0; i < n; i++) {
            out[off + i] = random.normal(std);
        }
    }

    /**
     * {@code out[i] = float(m[i] * max(0, 1 + spread * z_i))}, with {@code z_i} the i-th standard
     * normal double of the stream ({@link SeededRandom#nextGaussian()}, four 32-bit draws, one per
     * element whatever m holds) and the whole product in double, rounded to float once: the
     * interpreter's double value for the same m, rounded. out may be m.
     */
    public static void signConcordant(final long key, final double spread, final float[] m, final int mOff,
                                      final float[] out, final int outOff, final int n) {
        if (Double.isNaN(spread) || Double.isInfinite(spread)) {
            throw new IllegalArgumentException("spread must be a finite number, got " + spread);
        }
        Checks.nonNegative("n", n);
        Checks.range("m", m, mOff, n);
        Checks.range("out", out, outOff, n);
        Checks.sameOrApart("m", m, mOff, n, "out", out, outOff, n);
        SeededRandom random = STREAM.get().restart(key);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) (m[mOff + i] * Math.max(0, 1 + spread * random.nextGaussian()));
        }
    }

    /** {@code to[toOff + i] = from[fromOff + i]}: a rule's learned tensor takes the first value drawn for it. */
    public static void copy(final float[] from, final int fromOff, final float[] to, final int toOff, final int n) {
        Checks.nonNegative("n", n);
        Checks.range("from", from, fromOff, n);
        Checks.range("to", to, toOff, n);
        System.arraycopy(from, fromOff, to, toOff, n);
    }

    private static void checkScale(final String name, final float value) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number, got " + value);
        }
    }
}
