package dev.locus.hw.graph;

/**
 * The matrix-vector work of one op, in FINN's terms: a matrix of {@code mh} rows (outputs) and
 * {@code mw} columns (inputs) applied to {@code vectors} input vectors per sample (1 for a dense
 * layer; one per output pixel for a convolution, whose input vectors the sliding-window generator
 * makes). A unit folded PE x SIMD takes ceil(mh/PE) * ceil(mw/SIMD) * vectors cycles.
 */
public record MatrixShape(long mh, long mw, long vectors) {
    public MatrixShape {
        if (mh < 1 || mw < 1 || vectors < 1) {
            throw new IllegalArgumentException("a matrix needs positive sizes, got " + mh + " x " + mw + " x " + vectors);
        }
    }

    /** Multiply-accumulates per sample. */
    public long macs() {
        return mh * mw * vectors;
    }

    /** FINN's cycle count for this folding: (MH/PE) * (MW/SIMD) * vectors, each fold rounded up. */
    public long cycles(final Folding f) {
        return ceilDiv(mh, f.pe()) * ceilDiv(mw, f.simd()) * vectors;
    }

    static long ceilDiv(final long a, final long b) {
        return (a + b - 1) / b;
    }
}
