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

    /**
     * The comments that follow something ending at {@code end} on its line, with nothing but blanks
     * before each: {@code a = relu // why}, but not the comment of the next statement on that line.
     */
    List<Comment> takeOnSameLine(final int end) {
        List<Comment> taken = new ArrayList<>();
        int after = end;
        while (!pending.isEmpty() && onlyBlanks(after, pending.peekFirst().start())) {
            Comment c = pending.removeFirst();
            taken.add(c);
            after = c.end();
        }
        return taken;
    }

    /**
     * The offset just past the <code>{</code> that opens a body, searching from {@code from} (the end of
     * the header's last name or parameter) over blanks, parentheses and comments; -1 if there is none.
     */
    int afterOpeningBrace(final int from) {
        int i = from;
        var ahead = pending.iterator();
        Comment next = ahead.hasNext() ? ahead.next() : null;
        while (i < source.length()) {
            while (next != null && next.end() <= i) {
                next = ahead.hasNext() ? ahead.next() : null;
            }
            if (next != null && next.start() == i) {
                i = next.end();
                continue;
            }
            char c = source.charAt(i);
            if (c == '{') {
                return i + 1;
            }
            if (!Character.isWhitespace(c) && c != '(' && c != ')') {
                return -1;
            }
            i++;
        }
        return -1;
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

    private boolean onlyBlanks(final int from, final int to) {
        if (to < from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = source.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
