package dev.locus.runtime.kernel;

/**
 * Concatenation on the channel axis (axis 0 of a sample) and its gradient, the slice of one
 * part. With channels leading, a sample of the concatenation is its parts' samples one after
 * the other, so both are one copy per sample; a part is described by its floats per sample
 * ({@code channels * h * w}, or its features) and where they start in the whole sample.
 * (Flatten needs no kernel at all: on contiguous row-major data it changes only the shape.)
 */
public final class ChannelConcat {
    private ChannelConcat() {
    }

    /**
     * Writes each sample of {@code part} ({@code partSize} floats per sample) into the whole
     * ({@code wholeSize} floats per sample) from float {@code at} of the sample. One call per part
     * builds the concatenation.
     */
    public static void place(final float[] part, final int partOff, final int partSize, final float[] whole,
                             final int wholeOff, final int wholeSize, final int at, final int batch) {
        check(partSize, wholeSize, at, batch);
        Checks.range("part", part, partOff, (long) batch * partSize);
        Checks.range("whole", whole, wholeOff, (long) batch * wholeSize);
        Checks.apart("part", part, partOff, (long) batch * partSize, "whole", whole, wholeOff, (long) batch * wholeSize);
        for (int s = 0; s < batch; s++) {
            System.arraycopy(part, partOff + s * partSize, whole, wholeOff + s * wholeSize + at, partSize);
        }
    }

    /**
     * The gradient to one part (SLICE_CHANNELS): floats {@code [at, at + partSize)} of each sample
     * of {@code whole}, written to {@code part}.
     */
    public static void slice(final float[] whole, final int wholeOff, final int wholeSize, final int at,
                             final float[] part, final int partOff, final int partSize, final int batch) {
        check(partSize, wholeSize, at, batch);
        Checks.range("whole", whole, wholeOff, (long) batch * wholeSize);
        Checks.range("part", part, partOff, (long) batch * partSize);
        Checks.apart("whole", whole, wholeOff, (long) batch * wholeSize, "part", part, partOff, (long) batch * partSize);
        for (int s = 0; s < batch; s++) {
            System.arraycopy(whole, wholeOff + s * wholeSize + at, part, partOff + s * partSize, partSize);
        }
    }

    private static void check(final int partSize, final int wholeSize, final int at, final int batch) {
        Checks.nonNegative("batch", batch);
        Checks.positive("partSize", partSize);
        Checks.positive("wholeSize", wholeSize);
        Checks.nonNegative("at", at);
        if ((long) at + partSize > wholeSize) {
            throw new IllegalArgumentException("a part of " + partSize + " floats from float " + at
                    + " does not fit in a sample of " + wholeSize);
        }
    }
}
