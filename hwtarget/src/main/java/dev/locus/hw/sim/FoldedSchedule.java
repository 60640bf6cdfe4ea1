package dev.locus.hw.sim;

import dev.locus.hw.graph.Folding;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MatrixShape;
import dev.locus.hw.graph.NodeKind;

/**
 * Steps a node's folded schedule cycle by cycle and counts what happens: an MVAU, for each input
 * vector, goes over its neuron folds (PE rows at a time) and, within each, over its synapse folds
 * (SIMD columns at a time), one fold pair per cycle, with the lanes past the matrix's edge idle on
 * a partial fold; a sliding-window generator emits SIMD elements of each window per cycle;
 * element-wise units, generators and update units take PE elements per cycle.
 */
final class FoldedSchedule {
    private FoldedSchedule() {
    }

    static NodeCounts count(final HwNode n, final int batch) {
        Folding f = n.folding();
        double cycles = 0;
        long macs = 0;
        if (n.kind() == NodeKind.SLIDING_WINDOW) {
            for (MatrixShape m : n.matrices()) {
                for (long v = 0; v < m.vectors(); v++) {
                    for (long col = 0; col < m.mw(); col += f.simd()) {
                        cycles++;
                    }
                }
            }
            return new NodeCounts(cycles, 0, 0, 0);
        }
        for (MatrixShape m : n.matrices()) {
            long perVectorCycles = 0;
            long perVectorMacs = 0;
            for (long row = 0; row < m.mh(); row += f.pe()) {
                long rows = Math.min(f.pe(), m.mh() - row);
                for (long col = 0; col < m.mw(); col += f.simd()) {
                    perVectorCycles++;
                    perVectorMacs += rows * Math.min(f.simd(), m.mw() - col);
                }
            }
            // every input vector goes through the same folds
            cycles += (double) perVectorCycles * m.vectors();
            macs += perVectorMacs * m.vectors();
        }
        cycles += lanes(n.elementsPerSample(), f.pe()) + lanes(n.drawsPerSample(), f.pe());
        cycles += (double) lanes(n.updateElementsPerBatch(), f.pe()) / batch;
        return new NodeCounts(cycles, macs, n.elementsPerSample() + n.updateElementsPerBatch() / batch,
                n.drawsPerSample());
    }

    /** Cycles to go over {@code work} elements {@code pe} at a time. */
    private static long lanes(final long work, final int pe) {
        long cycles = 0;
        for (long done = 0; done < work; done += pe) {
            cycles++;
        }
        return cycles;
    }
}
