package dev.locus.compiler.check;

import dev.locus.compiler.source.Span;

/** One op of a checked layer, with the shapes it takes and gives and where it was written. */
public record ResolvedOp(LayerOp op, Shape in, Shape out, Span origin) {
}
