package dev.locus.compiler.fmt;

import org.antlr.v4.runtime.Token;

/**
 * A comment as the formatter prints it: a line comment loses its trailing blanks, a block comment
 * its carriage returns (the output's lines end with {@code \n}); nothing else of it changes.
 * {@code start} and {@code end} are offsets in the source.
 */
record Comment(String text, int start, int end) {
    static Comment of(final Token token) {
        String text = token.getText().replace("\r\n", "\n");
        if (text.startsWith("//")) {
            text = text.stripTrailing();
        }
        return new Comment(text, token.getStartIndex(), token.getStopIndex() + 1);
    }
}
