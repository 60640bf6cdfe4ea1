package dev.locus.runtime.kernel;

import dev.locus.runtime.random.KeyHash;
import dev.locus.runtime.random.SeededRandom;
import java.util.function.LongSupplier;

/**
 * Inverted dropout at training time: each element is kept with probability {@code 1 - p} and
 * scaled by {@code 1 / (1 - p)}, so that predicting needs no rescaling. The mask is drawn from a
 * caller-supplied source of random 64-bit words, one word per element in order: element i is
 * dropped when the top 24 bits of its word, read as a fraction in [0, 1), are below p. The same
 * words therefore give the same mask on every backend.
 */
public final class Dropout {
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    private Dropout() {
    }

    /** Draws {@code mask} (0 or {@code 1 / (1 - p)}) and writes {@code y = x * mask}; y may be x. */
    public static void forward(final float p, final LongSupplier random, final float[] x, final int xOff,
                               final float[] y, final int yOff, final float[] mask, final int maskOff, final int n) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        Checks.nonNegative("n", n);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.range("mask", mask, maskOff, n);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            float u = (random.getAsLong() >>> 40) * TWO_POW_MINUS_24;
            float m = u < p ? 0f : keep;
            mask[maskOff + i] = m;
            y[yOff + i] = x[xOff + i] * m;
        }
    }

    /**
     * The mask alone (the IR's DROPOUT_MASK when training): the same draws and values as
     * {@link #forward}, for a mask that is multiplied in later.
     */
    public static void mask(final float p, final LongSupplier random, final float[] mask, final int maskOff,
                            final int n) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        Checks.nonNegative("n", n);
        Checks.range("mask", mask, maskOff, n);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            float u = (random.getAsLong() >>> 40) * TWO_POW_MINUS_24;
            mask[maskOff + i] = u < p ? 0f : keep;
        }
    }

    private static final ThreadLocal<SeededRandom> STREAM = ThreadLocal.withInitial(() -> SeededRandom.ofKey(0));

    /**
     * The IR's DROPOUT_MASK of one training step: when {@code training}, the mask of {@link #mask}
     * drawn from the stream of {@code KeyHash.indexKey(layerKey, step)} (the layer's dropout stream,
     * {@code SeededRandom.forKey(seed, layer, "dropout")}, split by the step), from a per-thread
     * stream restarted at that key, so that a call allocates nothing; when predicting, all ones.
     */
    public static void stepMask(final float p, final long layerKey, final long step, final boolean training,
                                final float[] mask, final int maskOff, final int n) {
        if (!training) {
            Checks.nonNegative("n", n);
            Checks.range("mask", mask, maskOff, n);
            java.util.Arrays.fill(mask, maskOff, maskOff + n, 1f);
            return;
        }
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
        Checks.nonNegative("n", n);
        Checks.range("mask", mask, maskOff, n);
        SeededRandom random = STREAM.get().restart(KeyHash.indexKey(layerKey, step));
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            float u = (random.nextLong() >>> 40) * TWO_POW_MINUS_24;
            mask[maskOff + i] = u < p ? 0f : keep;
        }
    }

    /** {@code dx = dy * mask}; dx may be dy. */
    public static void backward(final float[] dy, final int dyOff, final float[] mask, final int maskOff,
                                final float[] dx, final int dxOff, final int n) {
        Checks.nonNegative("n", n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("mask", mask, maskOff, n);
        Checks.range("dx", dx, dxOff, n);
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = dy[dyOff + i] * mask[maskOff + i];
        }
    }
}
