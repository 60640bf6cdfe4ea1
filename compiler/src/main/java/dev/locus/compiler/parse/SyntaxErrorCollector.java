package dev.locus.compiler.parse;

import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.SourceFile;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Replaces ANTLR's console listeners: every syntax error becomes a diagnostic, in plainer words
 * where {@link SyntaxHints} knows the likely mistake. After one error, others on the same line
 * are dropped: they are nearly always the parser's recovery talking.
 */
final class SyntaxErrorCollector extends BaseErrorListener {
    private final SourceFile file;
    private final Diagnostics diagnostics;
    private final SyntaxHints hints;
    private final java.util.Set<Integer> quietLines = new java.util.HashSet<>();
    private boolean quietAtEnd;
    private int lastLine = -1;
    private int count;

    SyntaxErrorCollector(final SourceFile file, final Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.hints = new SyntaxHints(file);
    }

    int count() {
        return count;
    }

    /**
     * No syntax error is reported on {@code line}: a string left open on it (or the line before)
     * swallowed the tokens the parser is missing there.
     */
    void quietOn(final int line) {
        quietLines.add(line);
    }

    /** No syntax error is reported at the end of the file: a comment left open ran to it. */
    void quietAtEnd() {
        quietAtEnd = true;
    }

    @Override
    public void syntaxError(final Recognizer<?, ?> recognizer, final Object offendingSymbol, final int line,
                            final int charPositionInLine, final String msg, final RecognitionException e) {
        boolean atEnd = offendingSymbol instanceof Token t && t.getType() == Token.EOF;
        if (line == lastLine || quietLines.contains(line) || (atEnd && quietAtEnd)) {
            return;
        }
        lastLine = line;
        count++;
        if (recognizer instanceof Parser parser && offendingSymbol instanceof Token t) {
            IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens()
                    : parser.getExpectedTokens();
            ParserRuleContext context = e != null && e.getCtx() instanceof ParserRuleContext c ? c : parser.getContext();
            var hint = hints.hint(parser, t, expected, context);
            if (hint.isPresent()) {
                Diagnostic d = diagnostics.error(Code.SYNTAX, hint.get().span(), hint.get().message());
                if (hint.get().noteAt() != null) {
                    diagnostics.replace(d, d.withNote(hint.get().noteAt(), hint.get().note()));
                }
                return;
            }
        }
        int start;
        int end;
        if (offendingSymbol instanceof Token t && t.getType() != Token.EOF && t.getStartIndex() >= 0) {
            start = t.getStartIndex();
            end = t.getStopIndex() + 1;
        } else if (offendingSymbol instanceof Token t && t.getType() == Token.EOF) {
            start = file.text().length();
            end = start;
        } else {
            start = offsetOf(line, charPositionInLine);
            end = start + 1;
        }
        diagnostics.error(Code.SYNTAX, file.span(start, end), plain(msg));
    }

    private int offsetOf(final int line, final int column) {
        int offset = 0;
        for (int l = 1; l < line && offset < file.text().length(); offset++) {
            if (file.text().charAt(offset) == '\n') {
                l++;
            }
        }
        return Math.min(file.text().length(), offset + column);
    }

    /** ANTLR's wording, with its token names turned into what the user typed. */
    private static String plain(final String msg) {
        return msg.replace("'<EOF>'", "end of file")
                .replace("<EOF>", "end of file")
                .replace("mismatched input", "unexpected")
                .replace("extraneous input", "unexpected")
                .replace("no viable alternative at input", "cannot parse")
                .replace("HIDDEN_KW", "'hidden'")
                .replace("ID", "a name")
                .replace("NUMBER", "a number")
                .replace("STRING", "a string");
    }
}
