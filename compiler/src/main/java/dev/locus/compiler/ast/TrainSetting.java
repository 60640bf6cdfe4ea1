package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;

/**
 * A line of a train block: {@code key} is the keyword ({@code data}, {@code rule}, ...), {@code value}
 * a number for batch/epochs/seed, and a name or a call for data/rule/optimizer/schedule.
 */
public record TrainSetting(Span span, Name key, Expr value) implements Node {
}
