package dev.locus.runtime.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the JSON a safetensors header is made of: objects (a {@link Map} in file
 * order, a key given twice is an error), arrays, strings, integers (as {@link Long}) and the
 * literals. Fractions and exponents never occur in a header and are refused, as is nesting deeper
 * than a header needs, so that no file can exhaust the stack. Every problem is an
 * {@link IllegalArgumentException} saying what and at which character.
 */
final class HeaderJson {
    private static final int MAX_DEPTH = 16;

    private final String text;
    private int at;

    private HeaderJson(final String text) {
        this.text = text;
    }

    /** The value {@code text} holds, with nothing but whitespace after it. */
    static Object parse(final String text) {
        final HeaderJson reader = new HeaderJson(text);
        final Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.problem("unexpected text after the header's object");
        }
        return value;
    }

    private Object value(final int depth) {
        if (depth > MAX_DEPTH) {
            throw problem("nested more than " + MAX_DEPTH + " levels deep");
        }
        skipSpace();
        if (at >= text.length()) {
            throw problem("the text ends where a value should be");
        }
        final char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    yield integer();
                }
                throw problem("unexpected character " + shown(c));
            }
        };
    }

    private Map<String, Object> object(final int depth) {
        at++;
        final Map<String, Object> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return members;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw problem("expected a quoted key");
            }
            final String key = string();
            if (members.containsKey(key)) {
                throw problem("the key \"" + key + "\" appears twice");
            }
            skipSpace();
            expect(':');
            members.put(key, value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array(final int depth) {
        at++;
        final List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return items;
        }
        while (true) {
            items.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return items;
            }
        }
    }

    private String string() {
        at++;
        final StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw problem("a string is not closed");
            }
            final char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw problem("a control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw problem("a string is not closed");
            }
            final char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw problem("a \\u escape is cut short");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        final int digit = Character.digit(text.charAt(at++), 16);
                        if (digit < 0) {
                            throw problem("a \\u escape with a character that is not a hex digit");
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                }
                default -> throw problem("an unknown escape \\" + shown(e));
            }
        }
    }

    private Long integer() {
        final int start = at;
        final boolean negative = text.charAt(at) == '-';
        if (negative) {
            at++;
        }
        long value = 0;
        int digits = 0;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            if (value > (Long.MAX_VALUE - 9) / 10) {
                throw problem("the number at character " + (start + 1) + " is too large");
            }
            value = value * 10 + (text.charAt(at++) - '0');
            digits++;
        }
        if (digits == 0) {
            throw problem("a minus sign without digits");
        }
        if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            throw problem("a number that is not a whole number");
        }
        return negative ? -value : value;
    }

    private Object literal(final String word, final Object value) {
        if (!text.startsWith(word, at)) {
            throw problem("unexpected character " + shown(text.charAt(at)));
        }
        at += word.length();
        return value;
    }

    private void expect(final char c) {
        if (peek() != c) {
            throw problem(at >= text.length() ? "the text ends where " + shown(c) + " should be"
                : "expected " + shown(c) + ", found " + shown(text.charAt(at)));
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\n'
            || text.charAt(at) == '\r')) {
            at++;
        }
    }

    private static String shown(final char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private IllegalArgumentException problem(final String what) {
        return new IllegalArgumentException(what + " (character " + (at + 1) + ")");
    }
}
