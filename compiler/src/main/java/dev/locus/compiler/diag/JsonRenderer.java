package dev.locus.compiler.diag;

import dev.locus.compiler.source.Span;

/** One JSON object per diagnostic, on one line, for tools. */
public final class JsonRenderer {
    private JsonRenderer() {
    }

    public static String render(final Diagnostic d) {
        StringBuilder out = new StringBuilder("{");
        out.append("\"severity\":").append(quote(d.severity().label()));
        out.append(",\"code\":").append(quote(d.code().id()));
        out.append(",\"name\":").append(quote(d.code().name()));
        position(out, d.span());
        out.append(",\"message\":").append(quote(d.message()));
        out.append(",\"notes\":[");
        for (int i = 0; i < d.notes().size(); i++) {
            Diagnostic.Note n = d.notes().get(i);
            out.append(i == 0 ? "{" : ",{");
            out.append("\"message\":").append(quote(n.message()));
            position(out, n.span());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static void position(final StringBuilder out, final Span s) {
        out.append(",\"file\":").append(quote(s.file().name()))
                .append(",\"line\":").append(s.line())
                .append(",\"column\":").append(s.column())
                .append(",\"end_line\":").append(s.file().lineOf(s.end()))
                .append(",\"end_column\":").append(s.file().columnOf(s.end()));
    }

    public static String quote(final String s) {
        return dev.locus.runtime.JsonText.quote(s);
    }
}
