package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;
import java.util.List;

/** A statement in a rule section. */
public sealed interface RuleStmt extends Node {

    /** {@code fixed NAME = EXPR}: drawn once from the seeded generator, never trained. */
    record Fixed(Span span, Name name, Expr value) implements RuleStmt {
    }

    /**
     * {@code learned NAME = EXPR}: drawn once like a fixed tensor, then owned by the layer and
     * trained by the section's {@code minimize} like the layer's own parameters.
     */
    record Learned(Span span, Name name, Expr value) implements RuleStmt {
    }

    /** {@code let NAME = EXPR}. */
    record Let(Span span, Name name, Expr value) implements RuleStmt {
    }

    /** {@code minimize EXPR}. */
    record Minimize(Span span, Expr value) implements RuleStmt {
    }

    /** {@code propagate(feedback: ...)}: the one construct that reads another layer. */
    record Propagate(Span span, List<Arg> args) implements RuleStmt {
        public Propagate {
            args = List.copyOf(args);
        }
    }
}
