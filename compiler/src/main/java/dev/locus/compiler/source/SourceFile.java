package dev.locus.compiler.source;

import java.util.Arrays;
import java.util.Objects;

/** The text of one `.locus` file and the offsets of its lines, for turning offsets into lines and columns. */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(final String name, final String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /** The name shown in diagnostics: the path as the user gave it. */
    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The 1-based line holding {@code offset} (an offset at the end of the text is on the last line). */
    public int lineOf(final int offset) {
        int found = Arrays.binarySearch(lineStarts, Math.max(0, Math.min(offset, text.length())));
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** The 1-based column of {@code offset} on its line. */
    public int columnOf(final int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        return clamped - lineStarts[lineOf(clamped) - 1] + 1;
    }

    /** Line {@code line} (1-based) without its line terminator. */
    public String lineText(final int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    /** A span from {@code start} (inclusive) to {@code end} (exclusive) offsets. */
    public Span span(final int start, final int end) {
        int s = Math.max(0, Math.min(start, text.length()));
        int e = Math.max(s, Math.min(end, text.length()));
        return new Span(this, s, e);
    }
}
