package dev.locus.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IR is a world of its own: the `ir` package, the passes, the locality check, the backend
 * interface and every backend (every package with a class implementing {@code Backend}) name
 * nothing of the checker, the AST, the parser or the lowering, nor the front end that reaches
 * them. A backend reads the IR and the runtime only.
 */
class ArchitectureTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "dev\\.locus\\.compiler\\.(check|ast|parse|lower|FrontEnd|Compilation)\\b");

    private static Path sources() {
        return RepositoryFiles.root().resolve("compiler/src/main/java/dev/locus/compiler");
    }

    private static List<Path> javaFiles(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The packages that must stand on the IR alone. */
    private static TreeSet<String> guarded() throws IOException {
        TreeSet<String> packages = new TreeSet<>(List.of("ir", "pass", "locality", "backend"));
        for (Path f : javaFiles(sources())) {
            if (Pattern.compile("implements\\s+(\\w+\\s*,\\s*)*Backend\\b")
                    .matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
                packages.add(sources().relativize(f.getParent()).toString().replace('/', '.'));
            }
        }
        return packages;
    }

    @Test
    void theIrThePassesAndEveryBackendNameNothingOfTheFrontEnd() throws IOException {
        TreeSet<String> packages = guarded();
        assertTrue(packages.contains("interp"), "the interpreter is a backend: " + packages);
        List<String> found = new ArrayList<>();
        for (String p : packages) {
            for (Path f : javaFiles(sources().resolve(p.replace('.', '/')))) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = FORBIDDEN.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(sources().relativize(f) + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        assertTrue(FORBIDDEN.matcher("import dev.locus.compiler.check.Shape;").find());
        assertTrue(FORBIDDEN.matcher("var g = dev.locus.compiler.lower.Lowering.lower(plan);").find());
        assertTrue(!FORBIDDEN.matcher("import dev.locus.compiler.checker2.X;").find()
                && !FORBIDDEN.matcher("import dev.locus.compiler.ir.Shape;").find());
    }
}
