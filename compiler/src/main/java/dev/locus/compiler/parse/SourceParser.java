package dev.locus.compiler.parse;

import dev.locus.compiler.ast.Program;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.SourceFile;
import dev.locus.grammar.LocusLexer;
import dev.locus.grammar.LocusParser;
import java.util.Optional;
import java.nio.CharBuffer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * The front end's first stage: text to AST. Lexical and syntax errors are reported, all of them;
 * if there were any, no AST is returned (a tree rebuilt around errors only breeds follow-on noise).
 * The parse tree never leaves this package.
 */
public final class SourceParser {
    private SourceParser() {
    }

    public static Optional<Program> parse(final SourceFile file, final Diagnostics diagnostics) {
        int before = diagnostics.errorCount();
        LocusLexer lexer = new LocusLexer(chars(file));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        SyntaxErrorCollector collector = new SyntaxErrorCollector(file, diagnostics);
        java.util.List<Token> all = tokens.getTokens();
        for (int i = 0; i < all.size(); i++) {
            Token t = all.get(i);
            if (t.getType() == LocusLexer.BAD_CHAR && i + 1 < all.size() && isSurrogatePair(t, all.get(i + 1))) {
                // One character outside the BMP is two UTF-16 units, lexed as two bad characters: say it once.
                diagnostics.error(Code.BAD_CHARACTER, file.span(t.getStartIndex(), t.getStartIndex() + 2),
                        "unexpected character '" + t.getText() + all.get(i + 1).getText() + "'");
                i++;
                continue;
            }
            reportMalformed(t, file, diagnostics);
            if (t.getType() == LocusLexer.UNTERMINATED_STRING) {
                // The parser reads it as the string it was meant to be, closed at the end of the line;
                // a complaint there or on the next line of code is about what the string swallowed.
                ((org.antlr.v4.runtime.WritableToken) t).setType(LocusLexer.STRING);
                ((org.antlr.v4.runtime.WritableToken) t).setChannel(Token.DEFAULT_CHANNEL);
                collector.quietOn(t.getLine());
                all.stream().skip(i + 1L).filter(n -> n.getChannel() == Token.DEFAULT_CHANNEL).findFirst()
                        .ifPresent(n -> collector.quietOn(n.getLine()));
            } else if (t.getType() == LocusLexer.UNTERMINATED_COMMENT) {
                collector.quietAtEnd();
            }
        }
        LocusParser parser = new LocusParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(collector);
        parser.setErrorHandler(new BodyRecovery());
        LocusParser.ProgramContext tree = parser.program();
        if (diagnostics.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new AstBuilder(file, diagnostics).program(tree))
                .filter(p -> diagnostics.errorCount() == before);
    }

    /**
     * The text as ANTLR reads it, one symbol per UTF-16 unit, so that token offsets are offsets in
     * the Java string (CharStreams.fromString counts code points, which puts every position after
     * a character such as an emoji one place early).
     */
    private static CharStream chars(final SourceFile file) {
        return CodePointCharStream.fromBuffer(CodePointBuffer.withChars(CharBuffer.wrap(file.text().toCharArray())), file.name());
    }

    private static boolean isSurrogatePair(final Token high, final Token low) {
        return low.getType() == LocusLexer.BAD_CHAR && low.getStartIndex() == high.getStartIndex() + 1
                && Character.isHighSurrogate(high.getText().charAt(0)) && Character.isLowSurrogate(low.getText().charAt(0));
    }

    /** Comment tokens with their offsets (offsets in the Java string), for the formatter, which keeps every comment. */
    public static java.util.List<Token> comments(final SourceFile file) {
        LocusLexer lexer = new LocusLexer(chars(file));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return tokens.getTokens().stream()
                .filter(t -> t.getType() == LocusLexer.LINE_COMMENT || t.getType() == LocusLexer.BLOCK_COMMENT)
                .toList();
    }

    private static void reportMalformed(final Token t, final SourceFile file, final Diagnostics diagnostics) {
        var span = file.span(t.getStartIndex(), t.getStopIndex() + 1);
        switch (t.getType()) {
            case LocusLexer.BAD_CHAR -> diagnostics.error(Code.BAD_CHARACTER, span,
                    "unexpected character " + describe(t.getText()));
            case LocusLexer.UNTERMINATED_STRING -> diagnostics.error(Code.UNTERMINATED_STRING, span,
                    "string is not closed: add `\"` before the end of the line");
            case LocusLexer.UNTERMINATED_COMMENT -> diagnostics.error(Code.UNTERMINATED_COMMENT,
                    file.span(t.getStartIndex(), t.getStartIndex() + 2), "block comment is not closed: add `*/`");
            case LocusLexer.STRING -> reportBadEscapes(t, file, diagnostics);
            default -> {
            }
        }
    }

    /** Escapes are checked with the tokens, so that a bad one is reported even when the file does not parse. */
    private static void reportBadEscapes(final Token t, final SourceFile file, final Diagnostics diagnostics) {
        String raw = t.getText();
        for (int i = 1; i < raw.length() - 1; i++) {
            if (raw.charAt(i) != '\\') {
                continue;
            }
            char e = raw.charAt(++i);
            if ("\"\\/nrt".indexOf(e) < 0) {
                int at = t.getStartIndex() + i - 1;
                diagnostics.error(Code.BAD_ESCAPE, file.span(at, at + 2),
                        "unknown escape `\\" + e + "` in a string: use \\\" \\\\ \\/ \\n \\r or \\t");
            }
        }
    }

    /** The character as the user can see it: invisible ones (controls, spaces, marks) by their code. */
    private static String describe(final String text) {
        int cp = text.codePointAt(0);
        if (cp == 0xFEFF) {
            return "U+FEFF (a byte-order mark, allowed only at the start of a file)";
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "'";
    }
}
