package dev.locus.compiler.fmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The formatter on the programs people read: the language reference's examples and the repository's examples. */
class FmtExamplesTest {
    private static final Pattern LOCUS_BLOCK = Pattern.compile("```locus\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> languageReferenceExamplesAreStable() throws IOException {
        List<String> examples = languageReferenceExamples();
        return examples.stream().map(text -> DynamicTest.dynamicTest(firstLine(text), () -> assertStable(text)));
    }

    @TestFactory
    Stream<DynamicTest> repositoryExamplesAreStable() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(repositoryRoot().resolve("examples"))) {
            files = listing.filter(p -> p.toString().endsWith(".locus")).sorted().collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "no examples/*.locus");
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> assertStable(Files.readString(p))));
    }

    /** The whole programs of section 1 are the layout the formatter writes: it must leave them alone. */
    @Test
    void theReferenceProgramsAreAlreadyCanonical() throws IOException {
        List<String> wholePrograms = languageReferenceExamples().stream()
                .filter(t -> t.contains("network ") && t.contains("train "))
                .collect(Collectors.toList());
        assertEquals(2, wholePrograms.size(), "section 1 of LANGUAGE.md should hold two whole programs");
        for (String text : wholePrograms) {
            assertEquals(text, format(text));
        }
    }

    private static void assertStable(final String text) {
        String once = format(text);
        assertEquals(once, format(once), "formatting twice changed the text");
    }

    static String format(final String text) {
        Diagnostics diagnostics = new Diagnostics();
        var formatted = Formatter.format(new SourceFile("example.locus", text), diagnostics);
        assertTrue(formatted.isPresent(), () -> diagnostics.sorted().stream().map(TextRenderer::render)
                .collect(Collectors.joining()));
        return formatted.get();
    }

    private static List<String> languageReferenceExamples() throws IOException {
        String reference = Files.readString(languageReference());
        List<String> blocks = new ArrayList<>();
        Matcher m = LOCUS_BLOCK.matcher(reference);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertFalse(blocks.isEmpty(), "no ```locus blocks in LANGUAGE.md");
        return blocks;
    }

    /** LANGUAGE.md lives in {@code shared/}, beside the checkout: the first ancestor holding it wins. */
    private static Path languageReference() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("LANGUAGE.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("shared/LANGUAGE.md not found above " + Path.of("").toAbsolutePath());
    }

    /** The reactor's root: the first ancestor with both a pom.xml and examples/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new AssertionError("no repository root with examples/ above " + Path.of("").toAbsolutePath());
    }

    private static String firstLine(final String text) {
        return text.lines().findFirst().orElse("");
    }
}
