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
}
