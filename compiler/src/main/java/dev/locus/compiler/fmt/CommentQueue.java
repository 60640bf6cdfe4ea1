package dev.locus.compiler.fmt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * The comments of a file not yet printed, in source order. The formatter walks the AST in source
 * order and only ever takes comments from the front, so every comment is printed once, in the
 * order it was written.
 */
final class CommentQueue {
    private final String source;
    private final Deque<Comment> pending = new ArrayDeque<>();

    CommentQueue(final String source, final List<Token> comments) {
        this.source = source;
        comments.stream().map(Comment::of).sorted(Comparator.comparingInt(Comment::start)).forEach(pending::add);
    }

    boolean anyBefore(final int offset) {
        return !pending.isEmpty() && pending.peekFirst().start() < offset;
    }

    /** The comments that start before {@code offset}. */
    List<Comment> takeBefore(final int offset) {
        List<Comment> taken = new ArrayList<>();
        while (anyBefore(offset)) {
            taken.add(pending.removeFirst());
        }
        return taken;
    }

    /** The comments that start on the line where something ending at {@code end} ends, after it. */
    List<Comment> takeOnSameLine(final int end) {
        List<Comment> taken = new ArrayList<>();
        while (!pending.isEmpty() && pending.peekFirst().start() >= end && !newlineBetween(end, pending.peekFirst().start())) {
            taken.add(pending.removeFirst());
        }
        return taken;
    }

    List<Comment> takeAll() {
        List<Comment> taken = new ArrayList<>(pending);
        pending.clear();
        return taken;
    }

    /** Whether the source has an empty line between {@code c} and what precedes it. */
    boolean blankLineBefore(final Comment c) {
        int newlines = 0;
        for (int i = c.start() - 1; i >= 0 && Character.isWhitespace(source.charAt(i)); i--) {
            newlines += source.charAt(i) == '\n' ? 1 : 0;
        }
        return newlines >= 2;
    }

    /** Whether the source has an empty line between {@code c} and what follows it. */
    boolean blankLineAfter(final Comment c) {
        int newlines = 0;
        for (int i = c.end(); i < source.length() && Character.isWhitespace(source.charAt(i)); i++) {
            newlines += source.charAt(i) == '\n' ? 1 : 0;
        }
        return newlines >= 2;
    }

    private boolean newlineBetween(final int from, final int to) {
        int newline = source.indexOf('\n', from);
        return newline >= 0 && newline < to;
    }
}
