package dev.locus.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.JsonRenderer;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.source.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Random damage to valid programs (docs/LANGUAGE.md's examples and examples/*.locus): tokens deleted,
 * inserted, swapped or doubled, characters deleted, inserted or replaced. Whatever comes out, the
 * front end answers with diagnostics (or none), never an exception, and every position it reports
 * lies inside its file with a line and column that agree with the offset.
 */
class MutationPropertyTest {
    private static final Pattern TOKEN = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\\\n])*\"|->|[A-Za-z_][A-Za-z0-9_]*|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|\\S",
            Pattern.DOTALL);
    /** What a mutation may insert: every kind of token, and the malformed ones. */
    private static final List<String> INSERTS = List.of(
            "network", "input", "classes", "layer", "output", "block", "train", "rule", "hidden", "fixed", "learned", "let",
            "minimize", "propagate", "import", "data", "optimizer", "batch", "epochs", "seed", "schedule", "from",
            "->", "{", "}", "(", ")", "[", "]", ",", ":", "=", ".", "@", "+", "-", "*", "/",
            "x", "dense", "conv2d", "maxpool", "flatten", "relu", "layer.out", "label", "transpose", "random",
            "0", "1", "2", "-1", "0.5", "1e-3", "1e999", "99999999999999999999", "2147483648",
            "\"a.idx\"", "\"bad\\q\"", "\"open", "/*", "*/", "//", "$", "#", "\u00e9", "\uD83D\uDE00", "\u0000", "\t", "\r");
    private static final String CHARS = "{}()[],:=.@+-*/\"\\ \n\tax01_e\u00e9\uD83D";

    private static List<String> seeds;
    @TempDir
    static Path dir;

    @BeforeAll
    static void readSeeds() throws IOException {
        List<String> all = new ArrayList<>();
        LanguageExamplesTest.examples().forEach(e -> all.add(e.text()));
        LanguageExamplesTest.writeNamedExamples(dir); // what the reference's import example imports
        Path examples = RepositoryFiles.root().resolve("examples");
        try (Stream<Path> files = Files.list(examples)) {
            files.filter(p -> p.toString().endsWith(".locus")).sorted().forEach(p -> {
                try {
                    all.add(Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        seeds = List.copyOf(all);
    }

    /** One edit: its kind, where (taken modulo the length) and what (an index into the inserts). */
    record Edit(int kind, int at, int what) {
    }

    @Test
    void damagedProgramsGetDiagnosticsNeverExceptions() {
        assertTrue(seeds.size() >= 4, "too few seed programs: " + seeds.size());
        Gen<Edit> edit = integers().between(0, 7).zip(integers().between(0, 1 << 20), integers().between(0, 1 << 10),
                Edit::new);
        qt().withExamples(10_000).withShrinkCycles(200)
                .forAll(integers().between(0, seeds.size() - 1), lists().of(edit).ofSizeBetween(1, 4))
                .checkAssert((seed, edits) -> frontEndCopesWith(mutate(seeds.get(seed), edits)));
    }

    @Test
    void theSeedsThemselvesCheck() {
        // The mutations start from valid programs; a seed that did not check would say little.
        for (String seed : seeds) {
            Diagnostics d = new Diagnostics();
            FrontEnd.check(dir.resolve("seed.locus"), seed, d);
            // The standard library's listing redefines the standard rules; every other seed is clean.
            boolean listing = LanguageExamplesTest.isStandardLibraryListing(seed);
            assertTrue(listing || d.all().isEmpty(), () -> d.all().stream().map(TextRenderer::render).toList().toString());
        }
    }

    static String mutate(final String source, final List<Edit> edits) {
        String text = source;
        for (Edit e : edits) {
            text = e.kind() < 4 ? tokenEdit(text, e) : charEdit(text, e);
        }
        return text;
    }

    private static String tokenEdit(final String text, final Edit e) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        if (tokens.isEmpty()) {
            return INSERTS.get(e.what() % INSERTS.size());
        }
        int i = e.at() % tokens.size();
        switch (e.kind()) {
            case 0 -> tokens.remove(i);
            case 1 -> tokens.add(i, INSERTS.get(e.what() % INSERTS.size()));
            case 2 -> {
                if (i + 1 < tokens.size()) {
                    tokens.add(i + 1, tokens.remove(i));
                }
            }
            default -> tokens.add(i, tokens.get(i));
        }
        // Rejoined with spaces, and with newlines after braces so that line comments stay comments.
        StringBuilder out = new StringBuilder();
        for (String t : tokens) {
            out.append(t).append(t.startsWith("//") || t.equals("{") || t.equals("}") ? "\n" : " ");
        }
        return out.toString();
    }

    private static String charEdit(final String text, final Edit e) {
        if (text.isEmpty()) {
            return String.valueOf(CHARS.charAt(e.what() % CHARS.length()));
        }
        int i = e.at() % text.length();
        char c = CHARS.charAt(e.what() % CHARS.length());
        return switch (e.kind()) {
            case 4 -> text.substring(0, i) + text.substring(i + 1);
            case 5 -> text.substring(0, i) + c + text.substring(i);
            case 6 -> text.substring(0, i) + c + text.substring(i + 1);
            default -> text.substring(0, i);
        };
    }

    static void frontEndCopesWith(final String text) {
        Diagnostics diagnostics = new Diagnostics();
        FrontEnd.check(dir.resolve("mutant.locus"), text, diagnostics); // an exception fails the property
        for (Diagnostic d : diagnostics.all()) {
            inside(d.span(), text, d);
            d.notes().forEach(n -> inside(n.span(), null, d));
            assertFalse(d.message().isBlank(), d.code() + " without a message");
            TextRenderer.render(d);
            JsonRenderer.render(d);
        }
    }

    /** 0 <= start <= end <= length, and line and column are those of the offset. */
    private static void inside(final Span s, final String mainText, final Diagnostic d) {
        String text = s.file().text();
        if (mainText != null && !s.file().name().startsWith("<")) {
            assertEquals(mainText, text, "diagnostic in another file than the one checked: " + d);
        }
        assertTrue(0 <= s.start() && s.start() <= s.end() && s.end() <= text.length(),
                () -> "span " + s.start() + ".." + s.end() + " outside a file of " + text.length() + ": " + d);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < s.start(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        assertEquals(line, s.line(), () -> "line of offset " + s.start() + ": " + d);
        assertEquals(s.start() - lineStart + 1, s.column(), () -> "column of offset " + s.start() + ": " + d);
    }
}
