package dev.locus.compiler.source;

/**
 * Where a node or a diagnostic stands in its file: a range of character offsets.
 *
 * <p>A span is where a node came from, not part of what it means: two spans are always equal, so
 * that two AST nodes are equal when they say the same thing, wherever they were written (the
 * formatter's round trip {@code parse(fmt(ast)) == ast} depends on it). Never use a span as a key.
 */
public final class Span {
    private final SourceFile file;
    private final int start;
    private final int end;

    Span(final SourceFile file, final int start, final int end) {
        this.file = file;
        this.start = start;
        this.end = end;
    }

    /** A span for nodes made by the compiler, not read from a file. */
    public static Span synthetic(final String what) {
        return new Span(new SourceFile("<" + what + ">", ""), 0, 0);
    }

    public SourceFile file() {
        return file;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int line() {
        return file.lineOf(start);
    }

    public int column() {
        return file.columnOf(start);
    }

    /** The span from the start of this one to the end of {@code other}. */
    public Span to(final Span other) {
        if (other.file != file) {
            return this;
        }
        return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Span;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return file.name() + ":" + line() + ":" + column();
    }
}
