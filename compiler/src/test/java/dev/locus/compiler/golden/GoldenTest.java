package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden corpus on the reference interpreter: each program's trace must match its
 * {@code .expected} file. On a mismatch the trace is written to {@code target/golden/X.actual}
 * for a reviewer to diff; {@code -Dgolden.update=true} rewrites the {@code .expected} files
 * instead. And on every backend, the same seed gives the same bits run to run.
 */
class GoldenTest {
    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    static final Path ACTUAL = Path.of("target", "golden");

    @Test
    void theCorpusIsThere() {
        assertFalse(GoldenCorpus.programs().isEmpty(), "no programs in " + GoldenCorpus.root());
    }

    @TestFactory
    Stream<DynamicTest> eachProgramMatchesItsExpectedTrace() {
        return GoldenCorpus.programs().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> matchesExpected(GoldenRuns.of(p))));
    }

    private static void matchesExpected(final GoldenRuns run) throws IOException {
        String actual = run.text(run.reference());
        Path expectedFile = run.program().resolveSibling(run.name() + ".expected");
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        Path actualFile = ACTUAL.resolve(run.name() + ".actual");
        if (!Files.isRegularFile(expectedFile)) {
            write(actualFile, actual);
            fail("no " + expectedFile.getFileName() + " beside " + run.program().getFileName() + "; the trace is in "
                    + actualFile + "; run with -Dgolden.update=true to write it");
        }
        String difference = GoldenText.firstDifference(Files.readString(expectedFile, StandardCharsets.UTF_8), actual);
        if (difference != null) {
            write(actualFile, actual);
            fail(run.program().getFileName() + " on " + GoldenBackend.REFERENCE + " differs from "
                    + expectedFile.getFileName() + " at " + difference + "\nCompare: diff " + GoldenCorpus.SOURCE_FOLDER
                    + "/" + expectedFile.getFileName() + " " + actualFile + "\nAccept: run with -Dgolden.update=true");
        }
        Files.deleteIfExists(actualFile);
    }

    private static void write(final Path file, final String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> theSameSeedGivesTheSameBitsOnEveryBackend() {
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenBackend backend : GoldenBackend.all()) {
            for (Path p : GoldenCorpus.programs()) {
                tests.add(DynamicTest.dynamicTest(p.getFileName() + " on " + backend.name(), () -> {
                    GoldenRuns run = GoldenRuns.of(p);
                    Trace first = backend.name().equals(GoldenBackend.REFERENCE) ? run.reference() : run.run(backend);
                    assertBitIdentical(first, run.run(backend));
                }));
            }
        }
        return tests.stream();
    }

    static void assertBitIdentical(final Trace a, final Trace b) {
        assertEquals(a.steps().size(), b.steps().size(), "steps");
        for (int i = 0; i < a.steps().size(); i++) {
            Trace.Step x = a.steps().get(i);
            Trace.Step y = b.steps().get(i);
            String at = "step " + (i + 1) + ": ";
            assertArrayEquals(x.loss(), y.loss(), at + "losses");
            assertArrayEquals(x.correct(), y.correct(), at + "correct counts");
            assertEquals(x.parameters().keySet(), y.parameters().keySet(), at + "parameter names");
            x.parameters().forEach((name, values) -> assertArrayEquals(values, y.parameters().get(name),
                    at + name));
            assertArrayEquals(x.predicted(), y.predicted(), at + "probe predictions");
            assertArrayEquals(x.scores(), y.scores(), at + "probe scores");
        }
    }
}
