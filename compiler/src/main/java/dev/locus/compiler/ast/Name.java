package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;

/** An identifier as written, with its own span (for diagnostics that point at a name). */
public record Name(Span span, String text) implements Node {
    @Override
    public String toString() {
        return text;
    }
}
