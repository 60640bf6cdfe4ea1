package dev.locus.compiler.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of wrong programs (src/test/resources/corpus, format in its README.md): each program
 * must produce exactly the diagnostics its markers list, no more and no fewer, and every
 * diagnostic code must have at least one program that produces it.
 */
class CorpusTest {

    static Path root() {
        try {
            return Path.of(CorpusTest.class.getResource("/corpus").toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The programs: the .locus files at the top of the corpus (files in subfolders are only imported). */
    static List<Path> programs() {
        try (Stream<Path> files = Files.list(root())) {
            return files.filter(p -> p.toString().endsWith(".locus")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Expectation> expectations(final Path program) {
        try {
            return Expectation.parse(program, Files.readString(program, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void reportsExactlyTheMarkedDiagnostics(final Path program) {
        List<Expectation> expected = expectations(program);
        assertTrue(!expected.isEmpty(), program.getFileName() + " has no expectation: every corpus program is wrong");
        Diagnostics diagnostics = new Diagnostics();
        FrontEnd.check(program, diagnostics);

        Set<String> want = expected.stream().map(e -> e.key(root())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> got = new TreeSet<>();
        for (Diagnostic d : diagnostics.all()) {
            Path file = Path.of(d.span().file().name()).toAbsolutePath().normalize();
            String shown = file.startsWith(root()) ? root().relativize(file).toString() : d.span().file().name();
            got.add(Expectation.key(d.severity().label(), d.code(), shown, d.span().line(), d.span().column()));
        }
        String rendered = diagnostics.sorted().stream().map(TextRenderer::render).collect(Collectors.joining());
        assertEquals(want, got, "diagnostics of " + program.getFileName() + ":\n" + rendered);
        assertEquals(want.size(), diagnostics.all().size(),
                "a diagnostic was reported twice at one place in " + program.getFileName() + ":\n" + rendered);

        // Each mention must appear in the message or a note of the diagnostic at the marked place.
        for (Expectation e : expected) {
            Diagnostic d = diagnostics.all().stream()
                    .filter(x -> x.code() == e.code() && x.span().line() == e.line() && x.span().column() == e.column())
                    .findFirst().orElseThrow();
            StringBuilder text = new StringBuilder(d.message());
            d.notes().forEach(n -> text.append('\n').append(n.message()));
            for (String mention : e.mentions()) {
                assertTrue(text.toString().contains(mention), program.getFileName() + ":" + e.line() + ": the "
                        + e.code().id() + " diagnostic should mention \"" + mention + "\", but says:\n" + text);
            }
        }
    }

    /** Like javac's CheckExamples: a code that no program produces is a code nobody has seen work. */
    @Test
    void everyCodeHasAnExample() {
        Set<Code> missing = EnumSet.allOf(Code.class);
        // LOCALITY is reported only under `--require-local`, a flag the checker does not have yet:
        // no program can produce it through FrontEnd.check until then.
        missing.remove(Code.LOCALITY);
        for (Path program : programs()) {
            expectations(program).forEach(e -> missing.remove(e.code()));
        }
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>();
            missing.forEach(c -> names.add(c.id() + " " + c.name() + " (" + c.summary() + ")"));
            fail("codes with no program in the corpus:\n  " + String.join("\n  ", names));
        }
    }
}
