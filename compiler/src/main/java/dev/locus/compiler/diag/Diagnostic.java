package dev.locus.compiler.diag;

import dev.locus.compiler.source.Span;
import java.util.List;
import java.util.Objects;

/** One finding of the compiler: data, rendered by {@link TextRenderer} or {@link JsonRenderer}. */
public record Diagnostic(Severity severity, Code code, Span span, String message, List<Note> notes) {

    /** A secondary message, at its own place if it has one (for example the layer a rule was applied to). */
    public record Note(Span span, String message) {
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(message, "message");
        notes = List.copyOf(notes);
    }

    public Diagnostic withNote(final Span at, final String text) {
        var all = new java.util.ArrayList<>(notes);
        all.add(new Note(at, text));
        return new Diagnostic(severity, code, span, message, all);
    }
}
