package dev.locus.compiler.fmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.locus.compiler.ast.Program;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.parse.SourceParser;
import dev.locus.compiler.source.SourceFile;
import dev.locus.grammar.LocusLexer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** The formatter's two promises, on generated programs: it keeps the meaning, and it keeps every comment. */
class FmtRoundTripTest {

    @Test
    void parsingTheFormattedProgramGivesTheSameProgram() {
        qt().withExamples(500).forAll(ProgramGen.programs()).checkAssert(program -> {
            String text = Formatter.format(program, List.of());
            Program back = parse(text);
            assertEquals(program, back, () -> "printed as:\n" + text);
            assertEquals(text, Formatter.format(back, SourceParser.comments(new SourceFile("t", text))),
                    "formatting twice changed the text");
        });
    }

    /**
     * Comments dropped between the tokens of a formatted program, in every form: after a token on its
     * line, on lines of their own, with blank lines around, spanning lines. Formatting must keep each
     * one, once, in order, change nothing else, and be stable.
     */
    @Test
    void everyCommentSurvivesInOrder() {
        Gen<List<Insertion>> insertions = SourceDSL.lists()
                .of(Generate.range(0, 10_000).zip(Generate.range(0, Insertion.FORMS.size() - 1), Insertion::new))
                .ofSizeBetween(1, 8);
        qt().withExamples(300).forAll(ProgramGen.programs(), insertions).checkAssert((program, plan) -> {
            List<String> comments = new ArrayList<>();
            String source = withComments(Formatter.format(program, List.of()), plan, comments);
            SourceFile file = new SourceFile("commented.locus", source);
            String formatted = Formatter.format(parse(source), SourceParser.comments(file));

            int from = 0;
            for (String c : comments) {
                int at = formatted.indexOf(c, from);
                assertTrue(at >= 0, () -> "lost or reordered " + c + " from\n" + source + "\nformatted:\n" + formatted);
                from = at + c.length();
            }
            List<Token> after = SourceParser.comments(new SourceFile("formatted.locus", formatted));
            assertEquals(comments.size(), after.size(), () -> "comments duplicated in\n" + formatted);
            assertEquals(program, parse(formatted), () -> "meaning changed:\n" + formatted);
            assertEquals(formatted, Formatter.format(parse(formatted), after),
                    () -> "not stable; source:\n" + source + "\nformatted once:\n" + formatted);
        });
    }

    /** Where a comment goes: the gap after the token chosen by {@code gap}, in the form {@code form}. */
    record Insertion(int gap, int form) {
        /** {@code %d} is the comment's number. */
        static final List<String> FORMS = List.of(" /* c%d */ ", " // c%d\n", "\n// c%d\n", "\n\n// c%d\n\n",
                " /* c%d\n   still c%d */ ", "\n/** c%d */\n");
    }

    private static String withComments(final String text, final List<Insertion> plan, final List<String> comments) {
        List<Integer> gaps = new ArrayList<>(List.of(0));
        LocusLexer lexer = new LocusLexer(CharStreams.fromString(text));
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            gaps.add(t.getStopIndex() + 1);
        }
        List<Insertion> ordered = plan.stream()
                .map(i -> new Insertion(gaps.get(i.gap() % gaps.size()), i.form()))
                .sorted(Comparator.comparingInt(Insertion::gap))
                .collect(Collectors.toList());
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (Insertion i : ordered) {
            out.append(text, copied, i.gap());
            copied = i.gap();
            String form = Insertion.FORMS.get(i.form());
            String comment = form.replace("%d", String.valueOf(comments.size())).strip();
            comments.add(comment);
            out.append(form.replace("%d", String.valueOf(comments.size() - 1)));
        }
        return out.append(text.substring(copied)).toString();
    }

    private static Program parse(final String text) {
        Diagnostics diagnostics = new Diagnostics();
        var program = SourceParser.parse(new SourceFile("formatted.locus", text), diagnostics);
        assertTrue(program.isPresent(), () -> diagnostics.sorted().stream().map(TextRenderer::render)
                .collect(Collectors.joining()) + "in:\n" + text);
        return program.get();
    }
}
