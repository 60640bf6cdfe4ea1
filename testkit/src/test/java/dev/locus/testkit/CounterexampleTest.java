package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure's counterexample is a program that checks on its own and, given to the command it
 * prints, fails the same property again with the same seed; and it is shrunk: no smaller network
 * the kit would try still fails.
 */
class CounterexampleTest {
    @TempDir
    Path dir;

    private PropertyResult failure(final String call, final Property p, final boolean local) {
        RuleCheck check = RuleKit.forSource(Path.of("planted.locus"), PlantedDefectTest.RULES).rule(call).tries(8)
                .seed(3);
        if (local) {
            check.requireLocal();
        }
        return check.assertFails(p);
    }

    private Path save(final Counterexample c) throws IOException {
        Path file = dir.resolve("counterexample.locus");
        Files.writeString(file, c.program());
        return file;
    }

    @Test
    void theCounterexampleOfARuleThatDoesNotLearnChecksAndFailsAgain() throws IOException {
        PropertyResult r = failure("wrong_sign", Property.LEARNS, false);
        Counterexample c = r.counterexample().orElseThrow();
        Path file = save(c);
        CliRun checked = CliRun.of("check", file.toString());
        assertEquals(0, checked.status(), checked.err());
        assertEquals("locus test-rule FILE 'wrong_sign' --tries 0", c.command());
        PropertyResult again = RuleKit.forFile(file).rule("wrong_sign").tries(0).check(Property.LEARNS);
        assertTrue(again.failed(), again.line());
        assertEquals(r.seed(), again.seed());
        assertEquals(r.detail(), again.detail());
        CliRun cli = CliRun.of("test-rule", file.toString(), "wrong_sign", "--tries", "0");
        assertEquals(1, cli.status(), cli.out() + cli.err());
        assertTrue(cli.out().contains("learns           FAILED   seed " + r.seed() + ": "), cli.out());
    }

    @Test
    void theCounterexampleOfANonLocalRuleIsTheSmallestNetworkAndFailsAgainUnderRequireLocal() throws IOException {
        PropertyResult r = failure("reads_above", Property.LOCALITY_STATIC, true);
        Counterexample c = r.counterexample().orElseThrow();
        assertTrue(c.command().endsWith("--require-local"), c.command());
        // Any network with a hidden layer shows the edge: the shrink ends at the smallest one.
        assertTrue(c.program().contains("    input  image : [1, 1, 1]\n    classes 2\n"), c.program());
        assertEquals(1, c.program().lines().filter(l -> l.strip().startsWith("layer ")).count(), c.program());
        Path file = save(c);
        assertEquals(0, CliRun.of("check", file.toString()).status());
        CliRun cli = CliRun.of("test-rule", file.toString(), "reads_above", "--tries", "0",
                "--require-local");
        assertEquals(1, cli.status(), cli.out() + cli.err());
        assertTrue(cli.out().contains("locality-static  FAILED"), cli.out());
        assertTrue(cli.out().contains("locality-numeric FAILED"), cli.out());
    }

    @Test
    void aShrunkCounterexampleHasNoSmallerNetworkThatStillFails() {
        PropertyResult r = failure("wrong_sign", Property.LEARNS, false);
        String program = r.counterexample().orElseThrow().program();
        // One hidden layer: removing it is not tried (a rule's hidden section needs a layer).
        assertEquals(1, program.lines().filter(l -> l.strip().startsWith("layer ")).count(), program);
    }
}
