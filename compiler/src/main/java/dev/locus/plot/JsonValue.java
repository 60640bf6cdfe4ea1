package dev.locus.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of one JSON text (RFC 8259) into maps, lists, strings, doubles, booleans and null: enough
 * for the lines of {@code train --json}, with the column of the first thing that is wrong.
 */
final class JsonValue {
    /** The text is not JSON; {@code column} is 1-based. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int column;

        SyntaxException(final String message, final int column) {
            super(message);
            this.column = column;
        }

        int column() {
            return column;
        }
    }

    private final String text;
    private int at;

    private JsonValue(final String text) {
        this.text = text;
    }

    /** The value of {@code text}, which must hold one value and nothing else but white space. */
    static Object parse(final String text) throws SyntaxException {
        JsonValue reader = new JsonValue(text);
        Object value = reader.value();
        reader.space();
        if (reader.at < text.length()) {
            throw reader.error("more after the end of the value");
        }
        return value;
    }

    private Object value() throws SyntaxException {
        space();
        if (at >= text.length()) {
            throw error("the line ends where a value was expected");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected `" + c + "`");
            }
        };
    }

    private Map<String, Object> object() throws SyntaxException {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        space();
        if (peek('}')) {
            at++;
            return members;
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw error(at < text.length() ? "expected a member name in quotes"
                        : "the line ends where a member name was expected");
            }
            String name = string();
            space();
            expect(':');
            members.put(name, value());
            space();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array() throws SyntaxException {
        List<Object> items = new ArrayList<>();
        at++;
        space();
        if (peek(']')) {
            at++;
            return items;
        }
        while (true) {
            items.add(value());
            space();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return items;
            }
        }
    }

    private String string() throws SyntaxException {
        StringBuilder out = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    at += 4;
                }
                default -> {
                    at -= 2;
                    throw error("unknown escape `\\" + e + "`");
                }
            }
        }
        throw error("the string is not closed");
    }

    private Double number() throws SyntaxException {
        int start = at;
        if (peek('-')) {
            at++;
        }
        digits();
        if (peek('.')) {
            at++;
            digits();
        }
        if (peek('e') || peek('E')) {
            at++;
            if (peek('+') || peek('-')) {
                at++;
            }
            digits();
        }
        return Double.parseDouble(text.substring(start, at));
    }

    private void digits() throws SyntaxException {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw error("expected a digit");
        }
    }

    private Object word(final String word, final Object value) throws SyntaxException {
        if (!text.startsWith(word, at)) {
            throw error("unexpected `" + text.charAt(at) + "`");
        }
        at += word.length();
        return value;
    }

    private void expect(final char c) throws SyntaxException {
        if (!peek(c)) {
            throw error(at < text.length() ? "expected `" + c + "`, found `" + text.charAt(at) + "`"
                    : "the line ends where `" + c + "` was expected");
        }
        at++;
    }

    private boolean peek(final char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private SyntaxException error(final String message) {
        return new SyntaxException(message, at + 1);
    }
}
