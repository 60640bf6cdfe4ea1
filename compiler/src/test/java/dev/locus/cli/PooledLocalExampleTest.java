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
 * {@code examples/rules/pooled_local.locus}, the rules whose classifiers read a layer's output
 * through spatial_avgpool, as a user takes them: formatted, imported by FashionConv (conv layers
 * c1 and c2, then the dense fc1) in place of local_error, checked local without a warning, each
 * hidden layer reading its own learned classifier.
 */
class PooledLocalExampleTest {
    private static final Path RULE = RepositoryFiles.root().resolve("examples/rules/pooled_local.locus");

    @TempDir
    Path dir;

    @Test
    void theRuleFileIsFormatted() {
        CliRun run = CliRun.of("fmt", "--check", RULE.toString());
        assertEquals(0, run.status(), run.out() + run.err());
    }

    @Test
    void fashionConvUnderEitherPooledRuleIsLocalAndEachHiddenLayerReadsItsOwnClassifier() throws IOException {
        String conv = Files.readString(RepositoryFiles.root().resolve("examples/fashion_conv.locus"));
        for (String rule : new String[] {"pooled_local_error(size: 2)", "pooled_learned(size: 7)"}) {
            String replaced = conv.replace("rule      local_error(loss: cross_entropy, scale: 1.0)", "rule      " + rule);
            assertTrue(!replaced.equals(conv), "examples/fashion_conv.locus no longer trains with local_error");
            Path file = Files.writeString(dir.resolve("fashion_conv_pooled.locus"),
                    "import \"" + RULE.toString().replace("\\", "\\\\") + "\"\n" + replaced);
            CliRun run = CliRun.of("check", file.toString(), "--require-local", "--explain-locality");
            assertEquals(0, run.status(), run.err());
            assertEquals("", run.err(), "no warning");
            String name = rule.substring(0, rule.indexOf('('));
            assertTrue(run.out().contains("network FashionConv under rule " + name + ": local"), run.out());
            if (name.equals("pooled_learned")) {
                for (String layer : new String[] {"c1", "c2", "fc1"}) {
                    assertTrue(run.out().contains("its learned tensors (" + layer + ".learned.C)"), run.out());
                }
            }
        }
    }
}
