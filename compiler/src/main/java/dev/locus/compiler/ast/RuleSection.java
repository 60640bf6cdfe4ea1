package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;
import java.util.List;

/** {@code hidden { ... }} or {@code output { ... }}. */
public record RuleSection(Span span, Kind kind, List<RuleStmt> body) implements Node {
    public enum Kind {
        HIDDEN, OUTPUT;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RuleSection {
        body = List.copyOf(body);
    }
}
