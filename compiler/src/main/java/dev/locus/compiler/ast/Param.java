package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;

/** A parameter of a block or rule; {@code defaultValue} is null when it has none. */
public record Param(Span span, Name name, Expr defaultValue) implements Node {
}
