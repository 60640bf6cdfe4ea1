package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.ir.IrGraph;

/**
 * A defect planted in the toolchain under a rule, for the kit's own tests: each property must be
 * able to fail, and some defects (a wrong gradient, a backend that disagrees, a redrawn fixed
 * tensor, an unseeded draw) no correct compiler lets a rule express. {@link #NONE} plants nothing.
 */
interface Tamper {
    Tamper NONE = new Tamper() {
    };

    /** Rewrites every graph a case compiles to. */
    default void graph(final IrGraph graph) {
    }

    /** Rewrites only the graph the JVM backend compiles. */
    default void jvmGraph(final IrGraph graph) {
    }

    /** Runs after every training step the kit takes on the interpreter. */
    default void afterStep(final Interpreter interpreter) {
    }
}
