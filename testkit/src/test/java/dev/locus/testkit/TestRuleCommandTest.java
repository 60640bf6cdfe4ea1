package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus test-rule`: its lines, its exit status, its messages on bad input, its JSON and its alignment table. */
class TestRuleCommandTest {
    @TempDir
    Path dir;

    private String file(final String name, final String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f.toString();
    }

    @Test
    void aGoodRulePassesWithOneLinePerPropertyAndExitsZero() throws IOException {
        CliRun r = CliRun.of("test-rule", file("empty.locus", ""), "local_error", "--tries", "3",
                "--require-local");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("test-rule local_error from "), r.out());
        assertEquals(1 + Property.values().length, lines.size(), r.out());
        for (int i = 0; i < Property.values().length; i++) {
            assertTrue(lines.get(i + 1).startsWith(Property.values()[i].id()), lines.get(i + 1));
            assertTrue(lines.get(i + 1).contains(" passed "), lines.get(i + 1));
        }
    }

    @Test
    void aFailingRuleExitsOneWithItsSeedAProgramAndTheCommandThatReproducesIt() throws IOException {
        CliRun r = CliRun.of("test-rule", file("planted.locus", PlantedDefectTest.RULES), "wrong_sign",
                "--tries", "6", "--seed", "3");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\nlearns +FAILED +seed \\d+: test accuracy .*"), r.out());
        assertTrue(r.out().contains("learns fails on this program"), r.out());
        assertTrue(r.out().contains("network Counterexample {"), r.out());
        assertTrue(r.out().contains("reproduce: locus test-rule counterexample.locus 'wrong_sign' --tries 0"), r.out());
    }

    @Test
    void badUsageExitsTwo() throws IOException {
        String empty = file("empty.locus", "");
        assertEquals(2, CliRun.of("test-rule", empty).status());
        CliRun unknown = CliRun.of("test-rule", empty, "local_eror");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("no rule `local_eror`") && unknown.err().contains("local_error"),
                unknown.err());
        CliRun args = CliRun.of("test-rule", empty, "local_error(los: mse)");
        assertEquals(2, args.status());
        assertTrue(args.err().contains("rule `local_error(los: mse)`: "), args.err());
        assertEquals(2, CliRun.of("test-rule", empty, "local_error", "--tries", "many").status());
        assertEquals(2, CliRun.of("test-rule", empty, "local_error", "--compare", "nothing").status());
        CliRun nothing = CliRun.of("test-rule", empty, "local_error", "--tries", "0");
        assertEquals(2, nothing.status());
        assertTrue(nothing.err().contains("trains none"), nothing.err());
    }

    @Test
    void aFileThatDoesNotCheckExitsOneWithTheCheckersPosition() throws IOException {
        String bad = file("bad.locus", "rule r() {\n    hidden { minimize nonsense(layer.out) }\n"
                + "    output { minimize cross_entropy(layer.out, label) }\n}\n");
        CliRun r = CliRun.of("test-rule", bad, "r");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("bad.locus:2:"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        CliRun missing = CliRun.of("test-rule", dir.resolve("none.locus").toString(), "r");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void jsonPrintsOneObjectPerPropertyAndPerLayerOfTheAlignment() throws IOException {
        CliRun r = CliRun.of("test-rule", file("empty.locus", ""), "feedback_alignment", "--tries", "2",
                "--json", "--compare", "backprop");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(Property.values().length + 3, lines.size(), r.out());
        for (int i = 0; i < Property.values().length; i++) {
            assertTrue(lines.get(i).startsWith("{\"property\":\"" + Property.values()[i].id() + "\",\"status\":\""),
                    lines.get(i));
        }
        assertTrue(lines.get(Property.values().length).startsWith(
                "{\"alignment\":\"feedback_alignment\",\"compare\":\"backprop\",\"layer\":\"fc1\",\"steps\":[0, "),
                r.out());
    }

    @Test
    void compareBackprintsTheAnglePerLayer() throws IOException {
        CliRun r = CliRun.of("test-rule", file("empty.locus", ""), "feedback_alignment", "--tries", "1",
                "--compare", "backprop");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("alignment with backprop: degrees between each layer's weight update"), r.out());
        assertTrue(r.out().matches("(?s).*\nlayer +step 0 +step 60 .*\nfc1 .*\nfc2 .*\nout +0\\.0 .*"), r.out());
    }
}
