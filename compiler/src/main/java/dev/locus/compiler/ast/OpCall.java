package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;
import java.util.List;

/** One op of a pipeline: {@code relu}, {@code relu()} and {@code dense(10, bias: false)}; parentheses carry no meaning. */
public record OpCall(Span span, Name name, List<Arg> args) implements Node {
    public OpCall {
        args = List.copyOf(args);
    }
}
