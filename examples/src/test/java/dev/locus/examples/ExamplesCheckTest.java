package dev.locus.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example program in this module's folder checks without errors or warnings. */
class ExamplesCheckTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
            return files.filter(p -> p.toString().endsWith(".locus")).sorted().toList();
        }
    }

    @Test
    void thereAreExamples() throws IOException {
        assertFalse(examples().isEmpty(), "no .locus file in " + Path.of("").toAbsolutePath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void checks(final Path example) {
        Diagnostics diagnostics = new Diagnostics();
        var checked = FrontEnd.check(example, diagnostics);
        assertEquals(List.of(), diagnostics.all().stream().map(TextRenderer::render).toList(), example.toString());
        assertTrue(checked.isPresent());
        assertFalse(checked.get().networks().isEmpty(), example + " declares no network");
        assertFalse(checked.get().plans().isEmpty(), example + " has no train block");
    }
}
