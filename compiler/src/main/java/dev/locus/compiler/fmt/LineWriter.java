package dev.locus.compiler.fmt;

import java.util.ArrayList;
import java.util.List;

/**
 * The formatter's output, a line at a time. Blank lines are asked for freely and written at most
 * once in a row, never at the top of the file or right after an opening brace, so that the
 * layout code need not know what came before.
 */
final class LineWriter {
    private static final String INDENT = "    ";

    private final List<String> lines = new ArrayList<>();
    private boolean afterOpening;

    /** A line at {@code depth} levels of indentation; a text with newlines (a block comment) is kept as it is. */
    void line(final int depth, final String text) {
        lines.add(INDENT.repeat(depth) + text);
        afterOpening = false;
    }

    /** A line that opens a brace: no blank line may follow it. */
    void opening(final int depth, final String text) {
        line(depth, text);
        afterOpening = true;
    }

    void blank() {
        if (!lines.isEmpty() && !afterOpening && !lines.get(lines.size() - 1).isEmpty()) {
            lines.add("");
        }
    }

    /** Appends to the last line written, for a comment that ends a statement's line. */
    void append(final String text) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + text);
    }

    /** Every line ended by a newline; an empty program is empty text. */
    String text() {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        StringBuilder out = new StringBuilder();
        for (String l : lines.subList(0, end)) {
            out.append(l).append('\n');
        }
        return out.toString();
    }
}
