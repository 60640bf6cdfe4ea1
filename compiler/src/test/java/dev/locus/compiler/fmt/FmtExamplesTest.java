package dev.locus.compiler.fmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.RepositoryFiles;
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
        try (Stream<Path> listing = Files.list(RepositoryFiles.root().resolve("examples"))) {
            files = listing.filter(p -> p.toString().endsWith(".locus")).sorted().collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "no examples/*.locus");
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> assertStable(Files.readString(p))));
    }

    /**
     * Section 1 shows two whole programs, and they, like every whole program of the reference, are
     * in the layout the formatter writes: it must leave them alone.
     */
    @Test
    void theReferenceProgramsAreAlreadyCanonical() throws IOException {
        List<String> sectionOne = locusBlocks(String.join("\n", RepositoryFiles.section("## 1.")) + "\n");
        assertEquals(2, sectionOne.stream().filter(FmtExamplesTest::isWholeProgram).count(),
                "section 1 of docs/LANGUAGE.md should hold two whole programs");
        List<String> wholePrograms = languageReferenceExamples().stream().filter(FmtExamplesTest::isWholeProgram)
                .collect(Collectors.toList());
        assertTrue(wholePrograms.containsAll(sectionOne));
        for (String text : wholePrograms) {
            assertEquals(text, format(text), firstLine(text));
        }
    }

    /** A network and its train block. */
    private static boolean isWholeProgram(final String text) {
        return text.contains("network ") && text.contains("train ");
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
        List<String> blocks = locusBlocks(Files.readString(RepositoryFiles.languageReference()));
        assertFalse(blocks.isEmpty(), "no ```locus blocks in docs/LANGUAGE.md");
        return blocks;
    }

    private static List<String> locusBlocks(final String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = LOCUS_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String firstLine(final String text) {
        return text.lines().findFirst().orElse("");
    }
}
