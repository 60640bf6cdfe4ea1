package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/rules/local_learned.locus}, the rule of learned local classifiers, as a user
 * takes it: formatted, imported by FashionMLP in place of local_error, checked local without a
 * warning, its classifiers named among what each hidden layer reads.
 */
class LocalLearnedExampleTest {
    private static final Path RULE = RepositoryFiles.root().resolve("examples/rules/local_learned.locus");

    @TempDir
    Path dir;

    @Test
    void theRuleFileIsFormatted() {
        CliRun run = CliRun.of("fmt", "--check", RULE.toString());
        assertEquals(0, run.status(), run.out() + run.err());
    }

    @Test
    void fashionMlpUnderLocalLearnedIsLocalAndEachHiddenLayerReadsItsOwnClassifier() throws IOException {
        String mlp = Files.readString(RepositoryFiles.root().resolve("examples/fashion_mlp.locus"));
        String replaced = mlp.replace("rule      local_error(loss: cross_entropy)",
                "rule      local_learned(loss: cross_entropy, scale: 2.0)");
        assertTrue(!replaced.equals(mlp), "examples/fashion_mlp.locus no longer trains with local_error as expected");
        Path file = Files.writeString(dir.resolve("fashion_mlp_learned.locus"),
                "import \"" + RULE.toString().replace("\\", "\\\\") + "\"\n" + replaced);
        CliRun run = CliRun.of("check", file.toString(), "--require-local", "--explain-locality");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err(), "no warning");
        assertTrue(run.out().contains("network FashionMLP under rule local_learned: local"), run.out());
        for (String layer : new String[] {"fc1", "fc2", "fc3"}) {
            assertTrue(run.out().contains("its learned tensors (" + layer + ".learned.C)"), run.out());
        }
        assertTrue(run.out().contains("  out: reads its input (the output of fc3), its forward values, its parameters "
                + "(out.weight, out.bias), the labels"), run.out());
    }
}
