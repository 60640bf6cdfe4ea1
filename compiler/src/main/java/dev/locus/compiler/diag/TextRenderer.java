package dev.locus.compiler.diag;

import dev.locus.compiler.source.Span;

/** Renders a diagnostic for a terminal: {@code FILE:LINE:COL: error: MESSAGE}, the source line, a caret. */
public final class TextRenderer {
    private TextRenderer() {
    }

    public static String render(final Diagnostic d) {
        StringBuilder out = new StringBuilder();
        header(out, d.span(), d.severity().label(), d.message());
        excerpt(out, d.span());
        for (Diagnostic.Note note : d.notes()) {
            header(out, note.span(), "note", note.message());
            excerpt(out, note.span());
        }
        return out.toString();
    }

    private static void header(final StringBuilder out, final Span span, final String kind, final String message) {
        out.append(span.file().name()).append(':').append(span.line()).append(':').append(span.column())
                .append(": ").append(kind).append(": ").append(message).append('\n');
    }

    private static void excerpt(final StringBuilder out, final Span span) {
        if (span.file().text().isEmpty()) {
            return;
        }
        String line = span.file().lineText(span.line());
        out.append("    ").append(line.replace('\t', ' ')).append('\n');
        int col = span.column();
        int width = Math.max(1, Math.min(span.end(), span.start() + line.length() - col + 1) - span.start());
        out.append("    ").append(" ".repeat(Math.max(0, col - 1))).append('^');
        if (width > 1) {
            out.append("~".repeat(Math.min(width - 1, Math.max(0, line.length() - col))));
        }
        out.append('\n');
    }
}
