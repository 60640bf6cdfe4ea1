package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalityCommandTest {
    @TempDir
    Path dir;

    private CliRun check(final String rule, final String flag) throws IOException {
        Path file = dir.resolve("net.locus");
        Files.writeString(file, """
                network N {
                    input image : [1, 8, 8]
                    classes 3
                    layer c1 = conv2d(2, kernel: 3) -> relu
                    layer fc1 = flatten -> dense(6) -> tanh
                    output out = dense(classes)
                }
                train N {
                    data idx(images: "a", labels: "b", test_images: "c", test_labels: "d")
                    rule %s
                    optimizer sgd(0.1)
                }
                """.formatted(rule));
        return CliRun.of("check", flag, file.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_error", "local_error_sc", "local_error(loss: mse)"})
    void localRulesPassRequireLocalAndAreExplainedAsLocal(final String rule) throws IOException {
        assertEquals(0, check(rule, "--require-local").status());
        CliRun explained = check(rule, "--explain-locality");
        assertEquals(0, explained.status());
        assertTrue(explained.out().contains("local (no update block reads a later layer)"), explained.out());
        assertTrue(explained.out().contains("c1: reads"), explained.out());
        assertFalse(explained.out().contains("edge "), explained.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"backprop", "feedback_alignment"})
    void nonLocalRulesFailRequireLocalAtThePropagateLine(final String rule) throws IOException {
        CliRun r = check(rule, "--require-local");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("error: rule " + rule + " is not local"), r.err());
        assertTrue(r.err().contains("propagate(feedback:"), "the caret line is the propagate statement: " + r.err());
        assertTrue(r.err().contains("net.locus:10:"), "a note points at the train block's rule line: " + r.err());
        CliRun explained = check(rule, "--explain-locality");
        assertEquals(0, explained.status());
        assertTrue(explained.out().contains("2 cross-layer backward edges"), explained.out());
        assertTrue(explained.out().contains("edge out.update -> fc1.update"), explained.out());
        assertTrue(explained.out().contains("edge fc1.update -> c1.update"), explained.out());
    }
}
