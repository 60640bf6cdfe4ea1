package dev.locus.compiler.parse;

import dev.locus.compiler.diag.Spelling;
import dev.locus.compiler.source.SourceFile;
import dev.locus.compiler.source.Span;
import dev.locus.grammar.LocusLexer;
import dev.locus.grammar.LocusParser;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Plain words, in place of the parser's "unexpected X expecting {...}", for the syntax errors
 * people make most: a `{` left open, a misspelt keyword, a name written with `-`, a setting
 * written `epochs = 3`. (`lr=0.001` in an argument list parses, and {@link AstBuilder} says it.)
 */
final class SyntaxHints {
    /** Keywords that begin a declaration: met inside an open `{`, they show that its `}` is missing. */
    private static final Set<Integer> DECLARATION_STARTS = Set.of(LocusLexer.NETWORK, LocusLexer.BLOCK,
            LocusLexer.RULE, LocusLexer.TRAIN, LocusLexer.IMPORT);
    private static final Set<Integer> SECTION_STARTS = Set.of(LocusLexer.HIDDEN_KW, LocusLexer.OUTPUT);

    private final SourceFile file;

    SyntaxHints(final SourceFile file) {
        this.file = file;
    }

    /** A diagnostic's place and words, and where its note points (null for none). */
    record Hint(Span span, String message, Span noteAt, String note) {
    }

    /**
     * @param expected the tokens the parser could have taken instead of {@code offending}
     * @param context  the rule the parser was in
     */
    Optional<Hint> hint(final Parser parser, final Token offending, final IntervalSet expected,
                        final ParserRuleContext context) {
        Optional<Hint> unclosed = unclosed(offending, expected, context);
        if (unclosed.isPresent()) {
            return unclosed;
        }
        Optional<Hint> hyphenated = hyphenated(parser.getInputStream(), offending);
        if (hyphenated.isPresent()) {
            return hyphenated;
        }
        Optional<Hint> separated = separatedSetting(parser.getInputStream(), offending, context);
        if (separated.isPresent()) {
            return separated;
        }
        return misspeltKeyword(parser, offending, expected, context);
    }

    // ------------------------------------------------------------ a `{` left open

    /** The innermost `{` still open around the error: its token, what it opens, and what may follow its `}`. */
    private record Open(Token brace, String what, Set<Integer> after) {
    }

    /**
     * The end of the file, or the start of the next declaration (section), where the parser wanted
     * a `}`: the `{` that is missing it is named, with its line, since the place of the error
     * (often the last line of the file) says nothing about where the `}` was forgotten.
     */
    private Optional<Hint> unclosed(final Token offending, final IntervalSet expected,
                                    final ParserRuleContext context) {
        int type = offending.getType();
        if (!expected.contains(LocusParser.RBRACE) || expected.contains(type)) {
            return Optional.empty();
        }
        Open open = innermostOpen(context);
        if (open == null || (type != Token.EOF && !open.after().contains(type))) {
            return Optional.empty();
        }
        int line = open.brace().getLine();
        Span at = type == Token.EOF ? file.span(file.text().length(), file.text().length()) : span(offending);
        String message = "missing `}`: the `{` of " + open.what() + " at line " + line
                + (type == Token.EOF ? " is never closed" : " is still open where this `" + offending.getText()
                + "` begins");
        return Optional.of(new Hint(at, message, span(open.brace()), "the `{` is here"));
    }

    private static Open innermostOpen(final ParserRuleContext context) {
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            if (c instanceof LocusParser.RuleSectionContext s && isOpen(s.LBRACE(), s.RBRACE())) {
                String rule = s.getParent() instanceof LocusParser.RuleDeclContext r ? " of rule " + named(r.name) : "";
                return new Open(s.LBRACE().getSymbol(), "the `" + s.kind.getText() + "` section" + rule,
                        union(DECLARATION_STARTS, SECTION_STARTS));
            }
            if (c instanceof LocusParser.RuleDeclContext r && isOpen(r.LBRACE(), r.RBRACE())) {
                return new Open(r.LBRACE().getSymbol(), "rule " + named(r.name), DECLARATION_STARTS);
            }
            if (c instanceof LocusParser.NetworkDeclContext n && isOpen(n.LBRACE(), n.RBRACE())) {
                return new Open(n.LBRACE().getSymbol(), "network " + named(n.name), DECLARATION_STARTS);
            }
            if (c instanceof LocusParser.TrainDeclContext t && isOpen(t.LBRACE(), t.RBRACE())) {
                return new Open(t.LBRACE().getSymbol(), "the train block of " + named(t.name), DECLARATION_STARTS);
            }
        }
        return null;
    }

    private static boolean isOpen(final TerminalNode left, final TerminalNode right) {
        return left != null && left.getSymbol().getStartIndex() >= 0 && right == null;
    }

    private static String named(final Token name) {
        return name == null ? "" : "`" + name.getText() + "`";
    }

    private static Set<Integer> union(final Set<Integer> a, final Set<Integer> b) {
        Set<Integer> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    // ------------------------------------------------------------ `fashion-mnist`

    /**
     * A `-` right between two words, as in `fashion-mnist`: the words were meant as one name, and
     * names join words with `_`.
     */
    private Optional<Hint> hyphenated(final TokenStream tokens, final Token offending) {
        int i = offending.getTokenIndex();
        if (offending.getType() != LocusLexer.MINUS || i < 1) {
            return Optional.empty();
        }
        Token first = tokens.get(i - 1);
        if (first.getType() != LocusLexer.ID || !adjacent(first, offending)) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder(first.getText());
        Token last = first;
        for (int j = i; j + 1 < tokens.size(); j += 2) {
            Token minus = tokens.get(j);
            Token word = tokens.get(j + 1);
            boolean continues = minus.getType() == LocusLexer.MINUS && adjacent(last, minus) && adjacent(minus, word)
                    && (word.getType() == LocusLexer.ID || word.getType() == LocusLexer.NUMBER);
            if (!continues) {
                break;
            }
            name.append('-').append(word.getText());
            last = word;
        }
        if (last == first) {
            return Optional.empty();
        }
        String written = name.toString();
        return Optional.of(new Hint(file.span(first.getStartIndex(), last.getStopIndex() + 1), "`" + written
                + "` is not a name: names join words with `_`, not `-`; did you mean `" + written.replace('-', '_')
                + "`?", null, null));
    }

    private static boolean adjacent(final Token left, final Token right) {
        return left.getStopIndex() + 1 == right.getStartIndex();
    }

    // ------------------------------------------------------------ `epochs = 3`

    private static final Set<Integer> SETTINGS = Set.of(LocusLexer.DATA, LocusLexer.RULE, LocusLexer.OPTIMIZER,
            LocusLexer.SCHEDULE, LocusLexer.BATCH, LocusLexer.EPOCHS, LocusLexer.SEED);

    /** `epochs = 3` or `rule: local_error` in a train block, where a setting is its keyword and its value. */
    private Optional<Hint> separatedSetting(final TokenStream tokens, final Token offending,
                                            final ParserRuleContext context) {
        int i = offending.getTokenIndex();
        boolean separator = offending.getType() == LocusLexer.ASSIGN || offending.getType() == LocusLexer.COLON;
        if (!separator || i < 1 || !SETTINGS.contains(tokens.get(i - 1).getType()) || !inTrainBlock(context)) {
            return Optional.empty();
        }
        String line = file.lineText(offending.getLine());
        int after = offending.getCharPositionInLine() + 1;
        String value = line.substring(Math.min(after, line.length()));
        int comment = value.indexOf("//");
        value = (comment >= 0 ? value.substring(0, comment) : value).trim();
        return Optional.of(new Hint(span(offending), "a setting takes no `" + offending.getText() + "`: write `"
                + tokens.get(i - 1).getText() + " " + value + "`", null, null));
    }

    private static boolean inTrainBlock(final ParserRuleContext context) {
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            if (c instanceof LocusParser.TrainDeclContext) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------ `epoch 3`

    /**
     * A name where only keywords may stand, close to one of them: `epoch` for `epochs`, `netwrok`
     * for `network`. Short words get no suggestion (any keyword is two edits from `x`).
     */
    private Optional<Hint> misspeltKeyword(final Parser parser, final Token offending, final IntervalSet expected,
                                           final ParserRuleContext context) {
        if (offending.getType() != LocusLexer.ID || expected.contains(LocusLexer.ID)) {
            return Optional.empty();
        }
        List<String> keywords = expected.toList().stream()
                .map(t -> parser.getVocabulary().getLiteralName(t))
                .filter(l -> l != null && l.matches("'[a-z_]+'"))
                .map(l -> l.substring(1, l.length() - 1))
                .toList();
        String word = offending.getText();
        int maxEdits = Math.min(2, (word.length() - 1) / 2);
        return Spelling.closest(word, keywords, maxEdits).map(k -> new Hint(span(offending),
                what(context).map(w -> "unknown " + w + " `").orElse("unexpected `") + word + "`; did you mean `" + k
                        + "`?", null, null));
    }

    /** What stands where the parser wanted a keyword, in a body or at the top of the file. */
    private static Optional<String> what(final ParserRuleContext context) {
        return Optional.ofNullable(noun(context));
    }

    private static String noun(final ParserRuleContext context) {
        if (context instanceof LocusParser.TrainDeclContext) {
            return "setting";
        }
        if (context instanceof LocusParser.NetworkDeclContext) {
            return "network statement";
        }
        if (context instanceof LocusParser.RuleDeclContext) {
            return "rule section";
        }
        if (context instanceof LocusParser.RuleSectionContext) {
            return "rule statement";
        }
        if (context instanceof LocusParser.ProgramContext) {
            return "declaration";
        }
        return null;
    }

    private Span span(final Token t) {
        return file.span(t.getStartIndex(), t.getStopIndex() + 1);
    }
}
