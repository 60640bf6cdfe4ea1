package dev.locus.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Program;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.parse.SourceParser;
import dev.locus.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/LANGUAGE.md is the language reference: every ```locus example on it must check without a
 * diagnostic. The examples are read out of the file itself, so that an edit to the page is tested
 * as written. An example whose first line is {@code // file: NAME.locus} is a file that other
 * examples import: it is written under that name beside each example checked.
 */
public class LanguageExamplesTest {
    private static final Pattern FILE_NAME = Pattern.compile("// file: ([A-Za-z0-9_./-]+\\.locus)\\s*");

    /** One ```locus block of the reference: where it starts, and its text. */
    public record Example(int line, String text) {
        @Override
        public String toString() {
            return "LANGUAGE.md:" + line;
        }

        /** The name other examples import it by, if its first line gives one. */
        public Optional<String> fileName() {
            Matcher m = FILE_NAME.matcher(text.lines().findFirst().orElse(""));
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /** docs/LANGUAGE.md of this repository. */
    public static Path languageMd() {
        return RepositoryFiles.languageReference();
    }

    public static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(languageMd(), StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```locus")) {
                continue;
            }
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            out.add(new Example(start + 1, text.toString()));
        }
        return out;
    }

    /** Writes the examples that name a file into {@code dir}, so that the examples importing them find them. */
    public static void writeNamedExamples(final Path dir) throws IOException {
        for (Example e : examples()) {
            if (e.fileName().isPresent()) {
                Files.writeString(dir.resolve(e.fileName().get()), e.text(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void thePageHasItsExamples() throws IOException {
        // The two programs of section 1, the standard library's listing, and the reference's own examples.
        List<Example> all = examples();
        assertTrue(all.size() >= 3, "found only " + all.size() + " ```locus blocks in " + languageMd());
        List<Example> listings = all.stream().filter(e -> isStandardLibraryListing(e.text())).toList();
        assertEquals(1, listings.size(), "the standard library should be listed once, as one block: " + listings);
        for (String rule : StandardLibrary.rules().keySet()) {
            assertTrue(listings.get(0).text().contains("rule " + rule + "("), listings.get(0) + " lacks rule " + rule);
        }
    }

    @Test
    void everyImportOfAnExampleNamesAnotherExample() throws IOException {
        List<String> names = examples().stream().flatMap(e -> e.fileName().stream()).toList();
        Pattern importLine = Pattern.compile("^import \"([^\"]+)\"", Pattern.MULTILINE);
        for (Example e : examples()) {
            Matcher m = importLine.matcher(e.text());
            while (m.find()) {
                assertTrue(names.contains(m.group(1)), e + " imports " + m.group(1) + ", which no example is named");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void checksWithoutDiagnostics(final Example example, @org.junit.jupiter.api.io.TempDir final Path dir)
            throws IOException {
        if (isStandardLibraryListing(example.text())) {
            // The listing of section 6 is the standard library's own text. Checked as a user program it
            // would redefine every standard rule (STDLIB_REDEFINED, rightly), so instead it must be what
            // the compiler loads: the resource holds these rules verbatim, whitespace aside, and the
            // rules themselves are checked when the programs above train with them.
            String stdlib = collapse(StandardLibrary.source().text());
            assertTrue(stdlib.contains(collapse(example.text())),
                    example + ": the standard library resource " + StandardLibrary.RESOURCE
                            + " does not contain this listing as written");
            return;
        }
        writeNamedExamples(dir);
        Path file = dir.resolve(example.fileName().orElse("example.locus"));
        Files.writeString(file, example.text(), StandardCharsets.UTF_8);
        Diagnostics diagnostics = new Diagnostics();
        var checked = FrontEnd.check(file, diagnostics);
        assertEquals(List.of(), diagnostics.all().stream().map(TextRenderer::render).toList(),
                example + " must check without errors or warnings");
        assertTrue(checked.isPresent());
        // Something was checked: the example declares something, and each train block became a plan.
        Program parsed = SourceParser.parse(new SourceFile("LANGUAGE.md", example.text()), new Diagnostics())
                .orElseThrow();
        assertFalse(parsed.decls().isEmpty(), example + " declares nothing");
        long trainBlocks = parsed.decls().stream().filter(d -> d instanceof Decl.Train).count();
        assertEquals(trainBlocks, checked.get().plans().size(), example + ": train blocks and checked plans");
    }

    /** A block that declares only rules, each with the name of a standard-library rule. */
    public static boolean isStandardLibraryListing(final String text) {
        Diagnostics d = new Diagnostics();
        Program p = SourceParser.parse(new SourceFile("LANGUAGE.md", text), d).orElse(null);
        return p != null && !p.decls().isEmpty() && p.decls().stream()
                .allMatch(x -> x instanceof Decl.Rule r && StandardLibrary.rules().containsKey(r.name().text()));
    }

    private static String collapse(final String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    @Test
    void theStandardLibraryChecksAsRules() {
        // What the listing test above leans on: the resource's rules pass the checks a user's rules pass.
        Diagnostics d = new Diagnostics();
        for (Decl.Rule r : StandardLibrary.rules().values()) {
            assertTrue(new RuleStructureCheck(d).check(r), () -> r.name().text() + ":\n"
                    + d.all().stream().map(TextRenderer::render).collect(Collectors.joining()));
        }
        assertEquals(4, StandardLibrary.rules().size(), "local_error, local_error_sc, backprop, feedback_alignment");
    }
}
