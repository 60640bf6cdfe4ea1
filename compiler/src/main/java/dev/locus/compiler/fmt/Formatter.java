package dev.locus.compiler.fmt;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Import;
import dev.locus.compiler.ast.NetworkStmt;
import dev.locus.compiler.ast.Program;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.ast.TrainSetting;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.parse.SourceParser;
import dev.locus.compiler.source.SourceFile;
import dev.locus.compiler.source.Span;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.Token;

/**
 * The canonical form of a Locus program, as {@code locus fmt} writes it. The layout depends on
 * the AST alone, except for comments and the blank lines around them, so that formatting twice
 * changes nothing and {@code parse(format(ast))} is {@code ast}.
 *
 * <ul>
 *   <li>Four spaces per level; one statement per line; lines end with {@code \n}.</li>
 *   <li>Imports first, one per line; every declaration is preceded by one blank line.</li>
 *   <li>Statements keep the order they were written in (the formatter never changes what a program
 *       says, and the order is part of it: the round trip compares ASTs). In a network, the keywords {@code input}, {@code layer} and
 *       {@code output} are padded to one column ({@code input  image : [1, 28, 28]});
 *       {@code classes} is followed by one space. The {@code =} of every {@code layer} and
 *       {@code output} of a network is aligned one space after the longest name (with its
 *       {@code from} clause). A blank line separates the {@code input}/{@code classes} lines from
 *       the layers that follow them. This is the layout of LANGUAGE.md.</li>
 *   <li>In a train block the values start in one column, after the longest key ({@code optimizer}).</li>
 *   <li>A block's pipeline follows its {@code =} on the same line when the whole fits in
 *       {@value #WIDTH} columns, and goes on the next line, indented, when it does not.</li>
 *   <li>Rule sections open (<code>hidden {</code>) and close (<code>}</code>) on lines of their own;
 *       a declaration or section with nothing inside, not even a comment, is <code>{}</code>.</li>
 *   <li>Ops without arguments are written without parentheses; expressions get single spaces
 *       around binary operators and parentheses only where precedence needs them; numbers are
 *       printed as written; strings are re-escaped.</li>
 *   <li>Comments are never dropped and never reordered. A comment that ends a statement's line, or
 *       follows the opening brace of a declaration or section, stays at the end of that (printed)
 *       line. Any other comment goes on a line of its own before the statement it precedes or is
 *       inside of; the comments after a block's last statement stay
 *       before its closing brace, and those after the last declaration end the file, after an
 *       empty line. An empty line before or after such a comment in the source is kept (one at most).</li>
 * </ul>
 */
public final class Formatter {
    private static final int WIDTH = 100;
    private static final int NETWORK_KEYWORD = "output".length();
    private static final int TRAIN_KEY = "optimizer".length();

    private final LineWriter out = new LineWriter();
    private final CommentQueue comments;

    private Formatter(final CommentQueue comments) {
        this.comments = comments;
    }

    /** The canonical text of {@code program}; {@code comments} are the comment tokens of its source. */
    public static String format(final Program program, final List<Token> comments) {
        Formatter f = new Formatter(new CommentQueue(program.span().file().text(), comments));
        f.program(program);
        return f.out.text();
    }

    /** Parses and formats {@code file}; empty, with the errors in {@code diagnostics}, if it does not parse. */
    public static Optional<String> format(final SourceFile file, final Diagnostics diagnostics) {
        return SourceParser.parse(file, diagnostics).map(p -> format(p, SourceParser.comments(file)));
    }

    private void program(final Program program) {
        for (Import i : program.imports()) {
            statement(0, i.span(), "import " + ExprPrinter.string(i.path()));
        }
        for (Decl d : program.decls()) {
            out.blank();
            decl(d);
        }
        List<Comment> rest = comments.takeAll();
        if (!rest.isEmpty()) {
            out.blank();
            ownLines(0, rest, false);
        }
    }

    private void decl(final Decl d) {
        if (d instanceof Decl.Network n) {
            network(n);
        } else if (d instanceof Decl.Block b) {
            block(b);
        } else if (d instanceof Decl.Rule r) {
            rule(r);
        } else {
            train((Decl.Train) d);
        }
    }

    // ------------------------------------------------------------ declarations

    private void network(final Decl.Network network) {
        if (open(0, network.span(), network.name().span().end(), "network " + network.name().text(),
                network.body().isEmpty())) {
            return;
        }
        int width = network.body().stream()
                .filter(s -> s instanceof NetworkStmt.Layer)
                .mapToInt(s -> layerTarget((NetworkStmt.Layer) s).length())
                .max().orElse(0);
        boolean afterHeader = false;
        for (NetworkStmt s : network.body()) {
            boolean isLayer = s instanceof NetworkStmt.Layer;
            if (isLayer && afterHeader) {
                out.blank();
            }
            afterHeader = !isLayer;
            statement(1, s.span(), networkStmt(s, width));
        }
        close(0, network.span());
    }

    private static String networkStmt(final NetworkStmt s, final int width) {
        if (s instanceof NetworkStmt.Input in) {
            return keyword("input") + in.name().text() + " : "
                    + in.dims().stream().map(ExprPrinter::expr).collect(Collectors.joining(", ", "[", "]"));
        }
        if (s instanceof NetworkStmt.Classes c) {
            return "classes " + ExprPrinter.expr(c.value());
        }
        NetworkStmt.Layer l = (NetworkStmt.Layer) s;
        String target = layerTarget(l);
        return keyword(l.output() ? "output" : "layer") + target + " ".repeat(width - target.length())
                + " = " + ExprPrinter.pipeline(l.pipeline());
    }

    private static String keyword(final String keyword) {
        return keyword + " ".repeat(NETWORK_KEYWORD - keyword.length() + 1);
    }

    /** What stands between the keyword and the {@code =}: the name and its {@code from} clause. */
    private static String layerTarget(final NetworkStmt.Layer l) {
        if (l.from().isEmpty()) {
            return l.name().text();
        }
        return l.name().text() + " from " + l.from().stream().map(n -> n.text()).collect(Collectors.joining(", "));
    }

    private void block(final Decl.Block block) {
        String head = "block " + block.name().text() + ExprPrinter.params(block.params()) + " =";
        String pipeline = ExprPrinter.pipeline(block.pipeline());
        if (head.length() + 1 + pipeline.length() <= WIDTH) {
            statement(0, block.span(), head + " " + pipeline);
        } else {
            statement(0, block.span(), head, pipeline);
        }
    }

    private void rule(final Decl.Rule rule) {
        String head = "rule " + rule.name().text() + ExprPrinter.params(rule.params());
        int headEnd = rule.params().isEmpty() ? rule.name().span().end()
                : rule.params().get(rule.params().size() - 1).span().end();
        if (open(0, rule.span(), headEnd, head, rule.sections().isEmpty())) {
            return;
        }
        for (RuleSection section : rule.sections()) {
            String keyword = section.kind().keyword();
            if (open(1, section.span(), section.span().start() + keyword.length(), keyword, section.body().isEmpty())) {
                continue;
            }
            for (RuleStmt s : section.body()) {
                statement(2, s.span(), ruleStmt(s));
            }
            close(1, section.span());
        }
        close(0, rule.span());
    }

    private static String ruleStmt(final RuleStmt s) {
        if (s instanceof RuleStmt.Fixed f) {
            return "fixed " + f.name().text() + " = " + ExprPrinter.expr(f.value());
        }
        if (s instanceof RuleStmt.Learned l) {
            return "learned " + l.name().text() + " = " + ExprPrinter.expr(l.value());
        }
        if (s instanceof RuleStmt.Let l) {
            return "let " + l.name().text() + " = " + ExprPrinter.expr(l.value());
        }
        if (s instanceof RuleStmt.Minimize m) {
            return "minimize " + ExprPrinter.expr(m.value());
        }
        return "propagate(" + ExprPrinter.args(((RuleStmt.Propagate) s).args()) + ")";
    }

    private void train(final Decl.Train train) {
        if (open(0, train.span(), train.name().span().end(), "train " + train.name().text(),
                train.settings().isEmpty())) {
            return;
        }
        for (TrainSetting s : train.settings()) {
            String key = s.key().text();
            statement(1, s.span(), key + " ".repeat(Math.max(1, TRAIN_KEY - key.length() + 1))
                    + ExprPrinter.expr(s.value()));
        }
        close(0, train.span());
    }

    // ------------------------------------------------------------ statements, braces and comments

    /**
     * A statement of one or more lines: the comments before it and inside it go first, on lines of
     * their own (a comment inside a statement has no place of its own in the canonical layout);
     * those after it on its last line end that line.
     */
    private void statement(final int depth, final Span span, final String... lines) {
        ownLines(depth, comments.takeBefore(span.end()), true);
        out.line(depth, lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.line(depth + 1, lines[i]);
        }
        endOfLine(span.end());
    }

    /**
     * Writes <code>head {</code>, and after it the comments that followed the brace on its line;
     * returns true, having written <code>head {}</code> instead, when there is nothing at all inside.
     * {@code headEnd} is where the source's header ends, before the brace.
     */
    private boolean open(final int depth, final Span span, final int headEnd, final String head,
                         final boolean noChildren) {
        ownLines(depth, comments.takeBefore(span.start()), true);
        if (noChildren && !comments.anyBefore(span.end())) {
            out.line(depth, head + " {}");
            endOfLine(span.end());
            return true;
        }
        out.opening(depth, head + " {");
        int brace = comments.afterOpeningBrace(headEnd);
        if (brace >= 0) {
            endOfLine(brace);
        }
        return false;
    }

    /** The comments after the last child stay inside the braces. */
    private void close(final int depth, final Span span) {
        ownLines(depth + 1, comments.takeBefore(span.end()), false);
        out.line(depth, "}");
        endOfLine(span.end());
    }

    private void endOfLine(final int end) {
        for (Comment c : comments.takeOnSameLine(end)) {
            out.append(" " + c.text());
        }
    }

    private void ownLines(final int depth, final List<Comment> group, final boolean beforeStatement) {
        for (Comment c : group) {
            if (comments.blankLineBefore(c)) {
                out.blank();
            }
            out.line(depth, c.text());
        }
        if (beforeStatement && !group.isEmpty() && comments.blankLineAfter(group.get(group.size() - 1))) {
            out.blank();
        }
    }
}
