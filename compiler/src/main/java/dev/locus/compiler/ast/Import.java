package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;

/** {@code import "path"}: the path as written, relative to the importing file. */
public record Import(Span span, String path) implements Node {
}
