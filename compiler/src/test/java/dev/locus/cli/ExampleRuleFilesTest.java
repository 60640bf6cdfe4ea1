package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule files of {@code examples/rules/} as a user takes them: formatted, and imported by an
 * example network in place of its local_error, checked local without a warning, each hidden layer
 * reading its own learned classifier where the rule learns one.
 */
class ExampleRuleFilesTest {
    private static final Path RULES = RepositoryFiles.root().resolve("examples/rules");

    @TempDir
    Path dir;

    @Test
    void everyRuleFileIsFormatted() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(RULES)) {
            files = listed.filter(f -> f.toString().endsWith(".locus")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "rule files: " + files);
        for (Path file : files) {
            CliRun run = CliRun.of("fmt", "--check", file.toString());
            assertEquals(0, run.status(), file + ": " + run.out() + run.err());
        }
    }

    @Test
    void fashionMlpUnderLocalLearnedIsLocalAndEachHiddenLayerReadsItsOwnClassifier() throws IOException {
        CliRun run = checkImported("fashion_mlp.locus", "local_error(loss: cross_entropy)", "local_learned.locus",
                "local_learned(loss: cross_entropy, scale: 2.0)");
        assertTrue(run.out().contains("network FashionMLP under rule local_learned: local"), run.out());
        for (String layer : new String[] {"fc1", "fc2", "fc3"}) {
            assertTrue(run.out().contains("its learned tensors (" + layer + ".learned.C)"), run.out());
        }
        assertTrue(run.out().contains("  out: reads its input (the output of fc3), its forward values, its parameters "
                + "(out.weight, out.bias), the labels"), run.out());
    }

    @Test
    void fashionConvUnderEitherPooledRuleIsLocalAndEachHiddenLayerReadsItsOwnClassifier() throws IOException {
        for (String rule : new String[] {"pooled_local_error(size: 2)", "pooled_learned(size: 7)"}) {
            CliRun run = checkImported("fashion_conv.locus", "local_error(loss: cross_entropy, scale: 1.0)",
                    "pooled_local.locus", rule);
            String name = rule.substring(0, rule.indexOf('('));
            assertTrue(run.out().contains("network FashionConv under rule " + name + ": local"), run.out());
            if (name.equals("pooled_learned")) {
                for (String layer : new String[] {"c1", "c2", "fc1"}) {
                    assertTrue(run.out().contains("its learned tensors (" + layer + ".learned.C)"), run.out());
                }
            }
        }
    }

    /** {@code locus check --require-local --explain-locality} of the example trained under the imported rule. */
    private CliRun checkImported(final String example, final String ruleNow, final String ruleFile, final String rule)
            throws IOException {
        String source = Files.readString(RepositoryFiles.root().resolve("examples").resolve(example));
        String replaced = source.replace("rule      " + ruleNow, "rule      " + rule);
        assertFalse(replaced.equals(source), example + " no longer trains with " + ruleNow);
        Path file = Files.writeString(dir.resolve("trained.locus"),
                "import \"" + RULES.resolve(ruleFile).toString().replace("\\", "\\\\") + "\"\n" + replaced);
        CliRun run = CliRun.of("check", file.toString(), "--require-local", "--explain-locality");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err(), "no warning");
        return run;
    }
}
