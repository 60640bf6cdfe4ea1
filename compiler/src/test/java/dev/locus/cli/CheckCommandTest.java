package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.check.LanguageExamplesTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus check`: exit status 0/1/2, the text and JSON forms of diagnostics, and no stack trace for a user's mistake. */
class CheckCommandTest {
    private static final String GOOD = """
            network Net {
                input  image : [1, 28, 28]
                classes 10
                layer  fc1 = flatten -> dense(64) -> relu
                output out = dense(classes)
            }

            train Net {
                data      fashion_mnist
                rule      local_error
                optimizer adam(lr: 0.001)
            }
            """;
    /** Two independent errors: line 4 (a conv output into dense) and line 11 (an unknown optimizer). */
    private static final String BAD = """
            network Net {
                input  image : [1, 28, 28]
                classes 10
                layer  c1  = conv2d(8) -> relu -> dense(64)
                output out = dense(classes)
            }

            train Net {
                data      fashion_mnist
                rule      local_error
                optimizer adamw(lr: 0.001)
            }
            """;

    @TempDir
    Path dir;

    private String write(final String name, final String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p.toString();
    }

    @Test
    void aGoodProgramExitsZero() throws IOException {
        String file = write("good.locus", GOOD);
        CliRun r = CliRun.of("check", file);
        assertEquals(0, r.status(), r.err());
        assertEquals(file + ": ok (1 network, 1 train block)\n", r.out().replace("\r\n", "\n"));
        assertEquals("", r.err());
    }

    @Test
    void errorsExitOneWithFileLineColumnTheLineAndACaret() throws IOException {
        String file = write("bad.locus", BAD);
        CliRun r = CliRun.of("check", file);
        assertEquals(1, r.status());
        assertEquals("", r.out(), "nothing is said to be ok");
        List<String> lines = r.err().lines().toList();
        String dense = "    layer  c1  = conv2d(8) -> relu -> dense(64)";
        int denseColumn = dense.indexOf("dense") + 1;
        int at = lines.indexOf(file + ":4:" + denseColumn + ": error: dense expects a flat input [n], got [8, 26, 26]; "
                + "add `flatten` before it (layer `c1`)");
        assertTrue(at >= 0, r.err());
        assertEquals("    " + dense, lines.get(at + 1), "the source line follows the header");
        assertEquals("    " + " ".repeat(denseColumn - 1) + "^~~~~~~~~", lines.get(at + 2), "a caret under the column");
        String optimizer = "    optimizer adamw(lr: 0.001)";
        int caret = lines.indexOf("    " + " ".repeat(optimizer.indexOf("adamw")) + "^~~~~");
        assertTrue(caret > 0 && lines.get(caret - 2).startsWith(file + ":11:15: error: unknown optimizer `adamw`"), r.err());
        assertEquals("2 errors", lines.get(lines.size() - 1));
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void jsonPrintsOneObjectPerDiagnostic() throws IOException {
        String file = write("bad.locus", BAD);
        CliRun r = CliRun.of("check", file, "--json");
        assertEquals(1, r.status());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        Map<String, Object> first = Json.object(lines.get(0));
        assertEquals("L406", first.get("code"));
        assertEquals("SHAPE_MISMATCH", first.get("name"));
        assertEquals("error", first.get("severity"));
        assertEquals(file, first.get("file"));
        assertEquals(4.0, first.get("line"));
        assertEquals(39.0, first.get("column"), "the column of `dense`");
        assertTrue(((String) first.get("message")).contains("layer `c1`"));
        Map<String, Object> second = Json.object(lines.get(1));
        assertEquals("L504", second.get("code"));
        assertEquals(11.0, second.get("line"));
        assertEquals(15.0, second.get("column"));
    }

    @Test
    void jsonEscapesWhatJsonMust() throws IOException {
        // A quote, a backslash and a tab inside a message must still give valid JSON.
        String file = write("escape\"d.locus", "network N {\n\tinput x : [1, 2, 2]\n\tclasses 2\n\toutput o = \"x\\\\\"\n}\n");
        CliRun r = CliRun.of("check", "--json", file);
        assertEquals(1, r.status(), r.out() + r.err());
        for (String line : r.out().lines().toList()) {
            Map<String, Object> d = Json.object(line);
            assertTrue(d.containsKey("code") && d.containsKey("line") && d.containsKey("column"), line);
        }
        assertFalse(r.out().isBlank());
    }

    @Test
    void warningsAloneExitZero() throws IOException {
        String file = write("warn.locus", GOOD.replace("optimizer adam(lr: 0.001)",
                "optimizer adam(lr: 0.001)\n    schedule layerwise(epochs: 2)\n    epochs 5"));
        CliRun r = CliRun.of("check", file);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains(file + ":13:5: warning: `epochs` has no effect under `layerwise`"), r.err());
        assertTrue(r.err().strip().endsWith("0 errors, 1 warning"), r.err());
    }

    @Test
    void everyFileIsCheckedAndOneBadFileMakesItOne() throws IOException {
        String good = write("good.locus", GOOD);
        String bad = write("bad.locus", BAD);
        CliRun r = CliRun.of("check", bad, good);
        assertEquals(1, r.status());
        assertTrue(r.out().contains(good + ": ok"), r.out());
        assertTrue(r.err().contains(bad + ":4:"), r.err());
    }

    @Test
    void aMissingFileIsTheUsersProblemWithoutAStackTrace() {
        String missing = dir.resolve("nowhere.locus").toString();
        CliRun r = CliRun.of("check", missing);
        assertEquals(1, r.status());
        assertTrue(r.err().contains(missing) && r.err().contains("does not exist"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void aDirectoryIsNotAProgram() {
        CliRun r = CliRun.of("check", dir.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("is a directory"), r.err());
    }

    @Test
    void aPathThatNoFileSystemCanHoldIsAnErrorAtItsStringNotACrash() throws IOException {
        // A NUL cannot be in a file name: Path.of refuses it, and that must reach the user as a diagnostic.
        String imports = write("imports.locus", "import \"a\u0000b.locus\"\n");
        CliRun r = CliRun.of("check", "--json", imports);
        assertEquals(1, r.status(), r.err());
        Map<String, Object> d = Json.object(r.out().strip());
        assertEquals("L101", d.get("code"));
        assertEquals(1.0, d.get("line"));
        assertEquals(1.0, d.get("column"));
        assertEquals("the imported path is not a valid file path: Nul character not allowed", d.get("message"));

        String idx = write("idx.locus", GOOD.replace("data      fashion_mnist", "data      idx(images: \"x\u0000\", "
                + "labels: \"b\", test_images: \"c\", test_labels: \"d\")"));
        r = CliRun.of("check", "--json", idx);
        assertEquals(1, r.status(), r.err());
        d = Json.object(r.out().strip());
        assertEquals("L304", d.get("code"));
        assertEquals(9.0, d.get("line"));
        assertEquals(19.0, d.get("column"), "at the argument `images: ...`");
        assertEquals("idx's `images` is not a valid file path: Nul character not allowed", d.get("message"));
    }

    @Test
    void badUsageExitsTwo() throws IOException {
        String file = write("good.locus", GOOD);
        CliRun unknownFlag = CliRun.of("check", "--frobnicate", file);
        assertEquals(2, unknownFlag.status());
        assertTrue(unknownFlag.err().contains("frobnicate") && unknownFlag.err().contains("usage: locus check"),
                unknownFlag.err());
        assertEquals(2, CliRun.of("check").status(), "no file");
        assertEquals(2, CliRun.of("chekc", file).status(), "unknown command");
    }

    @Test
    void theLanguageExamplesCheckWithExitZero() throws IOException {
        LanguageExamplesTest.writeNamedExamples(dir);
        for (var example : LanguageExamplesTest.examples()) {
            if (LanguageExamplesTest.isStandardLibraryListing(example.text())) {
                continue; // it redefines the standard rules: see LanguageExamplesTest
            }
            String file = write(example.fileName().orElse("example" + example.line() + ".locus"), example.text());
            CliRun r = CliRun.of("check", file);
            assertEquals(0, r.status(), example + ":\n" + r.err());
            assertEquals("", r.err(), example.toString());
        }
    }
}
