package dev.locus.compiler.diag;

import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one run; every stage reports here and goes on. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public Diagnostic error(final Code code, final Span span, final String message) {
        return add(new Diagnostic(Severity.ERROR, code, span, message, List.of()));
    }

    public Diagnostic warning(final Code code, final Span span, final String message) {
        return add(new Diagnostic(Severity.WARNING, code, span, message, List.of()));
    }

    public Diagnostic add(final Diagnostic d) {
        all.add(d);
        return d;
    }

    /** Replaces {@code old} (already reported) by {@code replacement}, for adding a note after the fact. */
    public void replace(final Diagnostic old, final Diagnostic replacement) {
        int i = all.indexOf(old);
        if (i >= 0) {
            all.set(i, replacement);
        }
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    public int errorCount() {
        return (int) all.stream().filter(d -> d.severity() == Severity.ERROR).count();
    }

    /** Everything reported, by file, then position, then the order reported. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparing((Diagnostic d) -> d.span().file().name())
                .thenComparingInt(d -> d.span().start()));
        return copy;
    }

    public List<Diagnostic> all() {
        return List.copyOf(all);
    }
}
