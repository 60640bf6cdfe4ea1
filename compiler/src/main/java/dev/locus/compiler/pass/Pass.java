package dev.locus.compiler.pass;

import dev.locus.compiler.ir.IrGraph;

/**
 * A rewrite of the IR in place, through the graph's rewriting operations (replace the uses of a
 * value, insert and remove ops). A pass may assume a verified graph and must leave one; the
 * {@link PassManager} checks that, and that the cross-layer edges are what they were.
 */
public interface Pass {

    /** The name an error about the pass gives. */
    String name();

    /** Rewrites {@code graph}; says whether anything changed. */
    boolean run(IrGraph graph);
}
