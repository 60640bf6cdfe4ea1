package dev.locus.examples.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.cli.CliRun;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/RULES.md's rules are the example files' own, and those check without a diagnostic and are
 * in the formatter's layout.
 */
class RulesGuideTest {
    private static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            return files.filter(p -> p.toString().endsWith(".locus")).sorted().toList();
        }
    }

    private static List<String> guideBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(Path.of("..", "docs", "RULES.md"))) {
            if (line.equals("```locus")) {
                block = new StringBuilder();
            } else if (line.equals("```") && block != null) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void everyRuleOfTheGuideIsAnExampleFileAsWritten() throws IOException {
        List<String> blocks = guideBlocks();
        assertFalse(blocks.isEmpty());
        List<String> files = new ArrayList<>();
        for (Path p : ruleFiles()) {
            files.add(Files.readString(p));
        }
        for (String block : blocks) {
            assertTrue(files.stream().anyMatch(f -> f.contains(block)), "no example file holds\n" + block);
        }
    }

    @Test
    void theExampleRulesCheckCleanlyAndAreFormatted() throws IOException {
        for (Path p : ruleFiles()) {
            Diagnostics d = new Diagnostics();
            assertTrue(FrontEnd.check(p, d).isPresent(), p.toString());
            assertEquals(List.of(), d.all(), p.toString());
        }
        List<String> args = new ArrayList<>(List.of("fmt", "--check"));
        ruleFiles().forEach(p -> args.add(p.toString()));
        CliRun fmt = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, fmt.status(), fmt.out() + fmt.err());
    }
}
