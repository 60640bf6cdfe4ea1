package dev.locus.compiler.check;

import dev.locus.compiler.source.Span;
import java.util.List;

/**
 * A layer after checking: its inputs (the previous layer, or the layers named by `from`,
 * concatenated on the channel axis), its ops with every shape known, and its declaration's span.
 */
public record CheckedLayer(String name, boolean output, List<String> from, Shape in, Shape out,
                           List<ResolvedOp> ops, Span span, Span nameSpan) {
    public CheckedLayer {
        from = List.copyOf(from);
        ops = List.copyOf(ops);
    }
}
