package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;

/** A call argument; {@code name} is null for a positional one. */
public record Arg(Span span, Name name, Expr value) implements Node {
    public boolean named() {
        return name != null;
    }
}
