package dev.locus.hw.fold;

import dev.locus.hw.graph.EdgeKind;
import dev.locus.hw.graph.Folding;
import dev.locus.hw.graph.HwEdge;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MatrixShape;
import dev.locus.hw.graph.NodeKind;
import java.util.List;

/**
 * Chooses each node's folding: the same PE and SIMD everywhere ({@code --pe}, {@code --simd}), or
 * automatically, balancing the pipeline within a budget of multiply-accumulate lanes.
 *
 * <p>The automatic folding is FINN's greedy heuristic: start every node at 1 x 1; then, again and
 * again, take the slowest node (the most cycles per sample: the pipeline's initiation interval)
 * and raise its parallelism one step: a matrix node's SIMD to the next divisor of its widest
 * matrix's MW while SIMD is below MW, then its PE to the next divisor of MH; another node's PE to
 * the next divisor of its work. Divisors keep every fold whole (no padded lanes). It stops when
 * the slowest node cannot go faster, when the step would pass the budget (the sum of PE x SIMD over
 * the nodes), or when the interval is down to the target (the clock divided by the target rate).
 * The sliding-window generator of a convolution takes its MVAU's SIMD, as in FINN.
 */
public final class Folder {
    /** The default budget: 4096 lanes, about the DSP slices of a mid-range FPGA. */
    public static final long DEFAULT_LANES = 4096;

    private Folder() {
    }

    /** The nodes that compute (folding matters): not memories, not the input streams, not the window generators. */
    public static List<HwNode> computeNodes(final HwGraph g) {
        return g.nodes().stream().filter(n -> !n.kind().memory() && n.kind() != NodeKind.INPUT
                && n.kind() != NodeKind.LABELS && n.kind() != NodeKind.SLIDING_WINDOW).toList();
    }

    /** Every compute node folded {@code f} (clipped to what each node can use). */
    public static void uniform(final HwGraph g, final Folding f) {
        for (HwNode n : computeNodes(g)) {
            set(n, f);
        }
        matchWindows(g);
    }

    /** Sets a node's folding, clipped: PE to its rows (or work), SIMD to its columns (1 without a matrix). */
    static void set(final HwNode n, final Folding f) {
        long rows = maxRows(n);
        long cols = n.kind().matrix() ? maxCols(n) : 1;
        n.setFolding(new Folding((int) Math.min(f.pe(), Math.max(1, rows)), (int) Math.min(f.simd(),
                Math.max(1, cols))));
    }

    private static long maxRows(final HwNode n) {
        long rows = n.matrices().stream().mapToLong(MatrixShape::mh).max().orElse(0);
        return n.matrices().isEmpty() ? Math.max(n.elementsPerSample() + n.drawsPerSample(),
                n.updateElementsPerBatch()) : rows;
    }

    private static long maxCols(final HwNode n) {
        return n.matrices().stream().mapToLong(MatrixShape::mw).max().orElse(1);
    }

    /** Each sliding-window generator streams at its MVAU's SIMD. */
    static void matchWindows(final HwGraph g) {
        for (HwNode w : g.nodes()) {
            if (w.kind() == NodeKind.SLIDING_WINDOW) {
                for (HwEdge e : g.outOf(w)) {
                    if (e.kind() == EdgeKind.STREAM) {
                        w.setFolding(new Folding(1, e.to().folding().simd()));
                    }
                }
            }
        }
    }

    /**
     * Automatic folding within {@code lanes} multiply-accumulate lanes; stops early once the slowest
     * node takes at most {@code targetCycles} per sample (0: no target, use the budget).
     */
    public static void auto(final HwGraph g, final long lanes, final double targetCycles) {
        List<HwNode> nodes = computeNodes(g);
        nodes.forEach(n -> n.setFolding(Folding.UNIT));
        long used = nodes.stream().mapToLong(n -> n.folding().lanes()).sum();
        while (true) {
            HwNode slowest = null;
            for (HwNode n : nodes) {
                if (slowest == null || n.cyclesPerSample(g.batch()) > slowest.cyclesPerSample(g.batch())) {
                    slowest = n;
                }
            }
            if (slowest == null || slowest.cyclesPerSample(g.batch()) <= targetCycles) {
                break;
            }
            Folding next = step(slowest);
            if (next == null || used - slowest.folding().lanes() + next.lanes() > lanes) {
                break;
            }
            used += next.lanes() - slowest.folding().lanes();
            slowest.setFolding(next);
        }
        matchWindows(g);
    }

    /** The next folding up for a node, or null when it is fully parallel. */
    static Folding step(final HwNode n) {
        Folding f = n.folding();
        if (n.kind().matrix()) {
            long cols = maxCols(n);
            if (f.simd() < cols) {
                return new Folding(f.pe(), (int) nextDivisor(cols, f.simd()));
            }
        }
        long rows = maxRows(n);
        if (f.pe() < rows) {
            return new Folding((int) nextDivisor(rows, f.pe()), f.simd());
        }
        return null;
    }

    /** The smallest divisor of {@code n} above {@code d} (n itself at worst). */
    static long nextDivisor(final long n, final long d) {
        for (long c = d + 1; c < n; c++) {
            if (n % c == 0) {
                return c;
            }
        }
        return n;
    }
}
