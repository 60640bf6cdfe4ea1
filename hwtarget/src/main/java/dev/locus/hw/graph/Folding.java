package dev.locus.hw.graph;

/**
 * How much of a node's work runs in parallel, as in Xilinx FINN's matrix-vector unit: {@code pe}
 * processing elements each compute one output row at a time, each taking {@code simd} input
 * elements per cycle. A node without a matrix (element-wise, pooling, a generator) uses {@code pe}
 * lanes and ignores simd.
 */
public record Folding(int pe, int simd) {
    public static final Folding UNIT = new Folding(1, 1);

    public Folding {
        if (pe < 1 || simd < 1) {
            throw new IllegalArgumentException("PE and SIMD must be at least 1, got pe=" + pe + " simd=" + simd);
        }
    }

    /** The multiply-accumulate lanes: pe x simd. */
    public long lanes() {
        return (long) pe * simd;
    }
}
