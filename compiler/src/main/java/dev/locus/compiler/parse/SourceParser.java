package dev.locus.compiler.parse;

import dev.locus.compiler.ast.Program;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.SourceFile;
import dev.locus.grammar.LocusLexer;
import dev.locus.grammar.LocusParser;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
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
        LocusLexer lexer = new LocusLexer(CharStreams.fromString(file.text(), file.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        for (Token t : tokens.getTokens()) {
            reportMalformed(t, file, diagnostics);
        }
        LocusParser parser = new LocusParser(tokens);
        parser.removeErrorListeners();
        SyntaxErrorCollector collector = new SyntaxErrorCollector(file, diagnostics);
        parser.addErrorListener(collector);
        LocusParser.ProgramContext tree = parser.program();
        if (diagnostics.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new AstBuilder(file, diagnostics).program(tree))
                .filter(p -> diagnostics.errorCount() == before);
    }

    /** Comment tokens with their offsets, for the formatter, which keeps every comment. */
    public static java.util.List<Token> comments(final SourceFile file) {
        LocusLexer lexer = new LocusLexer(CharStreams.fromString(file.text(), file.name()));
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
            default -> {
            }
        }
    }

    private static String describe(final String text) {
        int cp = text.codePointAt(0);
        if (cp < 0x20 || cp == 0x7f) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "'";
    }
}
