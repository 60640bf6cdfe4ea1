package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;
import java.util.List;

/** A statement inside a network. */
public sealed interface NetworkStmt extends Node {

    /** {@code input NAME : [d1, d2, ...]}. */
    record Input(Span span, Name name, List<Expr> dims) implements NetworkStmt {
        public Input {
            dims = List.copyOf(dims);
        }
    }

    /** {@code classes EXPR}. */
    record Classes(Span span, Expr value) implements NetworkStmt {
    }

    /** {@code layer NAME [from A, B] = PIPELINE}, or the same with {@code output}. */
    record Layer(Span span, boolean output, Name name, List<Name> from, List<OpCall> pipeline) implements NetworkStmt {
        public Layer {
            from = List.copyOf(from);
            pipeline = List.copyOf(pipeline);
        }
    }
}
