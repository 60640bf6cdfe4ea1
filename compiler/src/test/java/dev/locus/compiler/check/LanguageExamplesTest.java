package dev.locus.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LANGUAGE.md is the contract: every ```locus example on it must check without a diagnostic.
 * The examples are read out of the file itself, so that an edit to the page is tested as written.
 */
public class LanguageExamplesTest {

    /** One ```locus block of LANGUAGE.md: where it starts, and its text. */
    public record Example(int line, String text) {
        @Override
        public String toString() {
            return "LANGUAGE.md:" + line;
        }
    }

    /** shared/LANGUAGE.md, found by walking up from the working directory (in CI: the checkout's parent). */
    public static Path languageMd() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("LANGUAGE.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/LANGUAGE.md above " + Path.of("").toAbsolutePath());
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

    @Test
    void thePageHasItsExamples() throws IOException {
        // Sections 1 (two programs) and 6 (the standard library): a reader that found none would test nothing.
        assertTrue(examples().size() >= 3, "found only " + examples().size() + " ```locus blocks in " + languageMd());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void checksWithoutDiagnostics(final Example example, @org.junit.jupiter.api.io.TempDir final Path dir)
            throws IOException {
        if (isStandardLibraryListing(example)) {
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
        Path file = dir.resolve("example.locus");
        Files.writeString(file, example.text(), StandardCharsets.UTF_8);
        Diagnostics diagnostics = new Diagnostics();
        var checked = FrontEnd.check(file, diagnostics);
        assertEquals(List.of(), diagnostics.all().stream().map(TextRenderer::render).toList(),
                example + " must check without errors or warnings");
        assertTrue(checked.isPresent());
        assertFalse(checked.get().networks().isEmpty() && checked.get().rules().isEmpty());
    }

    /** A block that declares only rules, each with the name of a standard-library rule. */
    private static boolean isStandardLibraryListing(final Example example) {
        Diagnostics d = new Diagnostics();
        Program p = SourceParser.parse(new SourceFile("LANGUAGE.md", example.text()), d).orElse(null);
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
