package dev.locus.compiler.pass;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.IrVerifier;
import dev.locus.compiler.locality.Edge;
import dev.locus.compiler.locality.LocalityCheck;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs passes in order. Before the first and after every pass it runs {@link IrVerifier} and the
 * locality check: a pass that leaves invalid IR, or that adds or removes a cross-layer backward
 * edge (which would make a local rule non-local, or hide an edge that `--require-local` must
 * report), fails with an internal error naming it.
 */
public final class PassManager {
    private final List<Pass> passes;

    public PassManager(final List<Pass> passes) {
        this.passes = List.copyOf(passes);
    }

    /** The passes every command runs. */
    public static PassManager standard() {
        return new PassManager(List.of(new CommonSubexpressions()));
    }

    /** No pass: the graph as lowered, verified. */
    public static PassManager none() {
        return new PassManager(List.of());
    }

    public List<Pass> passes() {
        return passes;
    }

    /** Runs every pass on {@code graph}, checking it after each. */
    public void run(final IrGraph graph) {
        check(graph, "the lowering", null);
        Set<String> edges = edges(graph);
        for (Pass pass : passes) {
            pass.run(graph);
            check(graph, "pass " + pass.name(), edges);
        }
    }

    private static void check(final IrGraph graph, final String after, final Set<String> edgesBefore) {
        List<String> problems = IrVerifier.problems(graph);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(after + " left invalid IR for network " + graph.network().name() + ":\n  "
                    + String.join("\n  ", problems) + "\n" + graph.dump());
        }
        if (edgesBefore != null) {
            Set<String> now = edges(graph);
            if (!now.equals(edgesBefore)) {
                throw new IllegalStateException(after + " changed the cross-layer edges of network "
                        + graph.network().name() + " from " + edgesBefore + " to " + now);
            }
        }
    }

    /**
     * The cross-layer edges as what they connect: reader, layer read, kind, and for weight edges
     * the parameters read. (An error edge's values may be renamed by a pass; what it connects may
     * not change.)
     */
    static Set<String> edges(final IrGraph graph) {
        Set<String> out = new TreeSet<>();
        for (Edge e : LocalityCheck.analyze(graph).edges()) {
            out.add(e.reader().layer() + " <- " + e.source() + " " + e.kind()
                    + (e.kind() == Edge.Kind.WEIGHT ? " " + e.values().stream().map(IrValue::name).toList() : ""));
        }
        return out;
    }
}
