package dev.locus.runtime.kernel;

/** Argument checks shared by the kernels; each message names the argument and what was wrong. */
final class Checks {
    private Checks() {
    }

    /** A row-major {@code rows x cols} matrix at {@code off} with leading dimension {@code ld}. */
    static void matrix(final String name, final float[] x, final int off, final int ld, final int rows,
                       final int cols) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be non-negative, got " + off);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be at least "
                    + Math.max(1, cols) + " (its columns), got " + ld);
        }
        if (rows > 0 && cols > 0) {
            long end = off + (long) (rows - 1) * ld + cols;
            if (end > x.length) {
                throw new IllegalArgumentException(name + " is too short: a " + rows + " x " + cols
                        + " matrix at offset " + off + " with leading dimension " + ld + " needs " + end
                        + " floats, got " + x.length);
            }
        }
    }

    /** {@code length} floats of {@code x} from {@code off}. */
    static void range(final String name, final float[] x, final int off, final long length) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be non-negative, got " + off);
        }
        if (off + length > x.length) {
            throw new IllegalArgumentException(name + " is too short: needs " + length + " floats from offset "
                    + off + ", got " + x.length + " in all");
        }
    }

    static void positive(final String name, final int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void nonNegative(final String name, final int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be non-negative, got " + value);
        }
    }

    /**
     * That {@code out} (length {@code outLength} from {@code outOff}) either does not share a
     * float with the input {@code in} or is exactly it (same array, offset and length): a kernel
     * that writes element i after reading element i may work in place, but not on a shifted or
     * partial overlap, where it would read what it has already written.
     */
    static void sameOrApart(final String inName, final float[] in, final int inOff, final long inLength,
                            final String outName, final float[] out, final int outOff, final long outLength) {
        if (in != out || inLength == 0 || outLength == 0) {
            return;
        }
        boolean same = inOff == outOff && inLength == outLength;
        boolean apart = inOff + inLength <= outOff || outOff + outLength <= inOff;
        if (!same && !apart) {
            throw new IllegalArgumentException(outName + " (" + outLength + " floats from offset " + outOff
                    + ") overlaps " + inName + " (" + inLength + " floats from offset " + inOff
                    + ") without being the same range");
        }
    }

    /** That {@code a} and {@code b} share no float (for kernels that cannot work in place). */
    static void apart(final String aName, final float[] a, final int aOff, final long aLength,
                      final String bName, final float[] b, final int bOff, final long bLength) {
        if (a == b && aLength > 0 && bLength > 0 && aOff < bOff + bLength && bOff < aOff + aLength) {
            throw new IllegalArgumentException(bName + " (" + bLength + " floats from offset " + bOff
                    + ") must not overlap " + aName + " (" + aLength + " floats from offset " + aOff + ")");
        }
    }
}
