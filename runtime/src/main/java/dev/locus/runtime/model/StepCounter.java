package dev.locus.runtime.model;

/**
 * A count of steps kept in a float tensor of shape [2], so that it is saved and restored with
 * the other training state by the float-only checkpoint format. A float holds integers exactly
 * only up to 2^24 (about 16.7 million steps, reached in long runs), so the count is split:
 * {@code count = high * 2^24 + low}, both parts exact, which keeps it exact up to 2^48.
 */
public final class StepCounter {
    /** The length of a counter tensor. */
    public static final int LENGTH = 2;

    private static final float BASE = 16_777_216f;

    private StepCounter() {
    }

    /** Adds one step and returns the new count, capped at {@code Integer.MAX_VALUE} for kernels that take an int step. */
    public static int advance(final float[] counter) {
        float low = counter[1] + 1f;
        if (low == BASE) {
            counter[0] += 1f;
            low = 0f;
        }
        counter[1] = low;
        return (int) Math.min(count(counter), Integer.MAX_VALUE);
    }

    /** Sets {@code counter} to hold {@code count} (from 0 to 2^48 - 1). */
    public static void set(final float[] counter, final long count) {
        if (count < 0 || count >= (1L << 48)) {
            throw new IllegalArgumentException("a step counter holds 0 to 2^48 - 1, got " + count);
        }
        counter[0] = count >>> 24;
        counter[1] = count & 0xFFFFFF;
    }

    /** The count held in {@code counter}. */
    public static long count(final float[] counter) {
        return (long) counter[0] * (long) BASE + (long) counter[1];
    }
}
