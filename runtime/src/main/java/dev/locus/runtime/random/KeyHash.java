package dev.locus.runtime.random;

import java.nio.charset.StandardCharsets;

/**
 * The integer hashing behind {@link SeededRandom}'s keys: SplitMix64's finalizer and FNV-1a 64.
 * Kept apart and public so that the compiler can precompute the 64-bit key of a layer's fixed
 * tensor for a hardware target, which then needs only the stream generator in logic.
 * docs/RANDOM.md specifies every constant here.
 */
public final class KeyHash {
    /** 2^64 divided by the golden ratio, SplitMix64's increment. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private KeyHash() {
    }

    /** SplitMix64's output function (Stafford's variant 13): a bijection on 64 bits. */
    public static long mix64(final long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a 64 over the UTF-8 bytes of {@code text}. */
    public static long fnv1a64(final String text) {
        long hash = FNV_OFFSET;
        for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** The key of a seed alone: the first SplitMix64 output for state {@code seed}. */
    public static long rootKey(final long seed) {
        return mix64(seed + GOLDEN_GAMMA);
    }

    /** The key of a child named {@code purpose} under {@code key}. */
    public static long childKey(final long key, final String purpose) {
        return mix64((key ^ fnv1a64(purpose)) + GOLDEN_GAMMA);
    }

    /**
     * The key of the child named by the decimal digits of {@code index} (at least 0) under
     * {@code key}: the same as {@code childKey(key, Long.toString(index))}, what
     * {@link SeededRandom#split(long)} gives, computed without making the string, for kernels that
     * derive a key at every training step.
     */
    public static long indexKey(final long key, final long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, got " + index);
        }
        long divisor = 1;
        while (index / divisor >= 10) {
            divisor *= 10;
        }
        long hash = FNV_OFFSET;
        for (; divisor > 0; divisor /= 10) {
            hash ^= '0' + (index / divisor) % 10;
            hash *= FNV_PRIME;
        }
        return mix64((key ^ hash) + GOLDEN_GAMMA);
    }
}
