package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.locus.hw.Programs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus compile FILE --target hw -o DIR` as a user runs it. */
class HwCompileTest {
    @TempDir
    Path dir;

    @Test
    void writesAVersionedGraphJsonAndADotFileGraphvizRenders() throws Exception {
        Path out = dir.resolve("hw");
        CliRun run = CliRun.of("compile", Programs.example("fashion_conv.locus").toString(), "--target", "hw", "-o",
                out.toString(), "--pe", "4", "--simd", "5");
        assertEquals(0, run.status(), run.err());
        String json = Files.readString(out.resolve("graph.json"));
        assertTrue(json.contains("\"schema\": \"locus.hw.graph\""), json);
        assertTrue(json.contains("\"version\": 1"), json);
        assertTrue(json.contains("\"name\": \"c1.sliding_window\""), json);
        assertTrue(json.contains("\"kind\": \"mvau\", \"element_type\": \"float32\", \"pe\": 4, \"simd\": 5"), json);
        String dot = Files.readString(out.resolve("graph.dot"));
        assertTrue(dot.startsWith("digraph FashionConv {"), dot);
        assumeTrue(onPath("dot"), "Graphviz's dot is not installed");
        Process p = new ProcessBuilder("dot", "-Tsvg", out.resolve("graph.dot").toString(), "-o",
                dir.resolve("graph.svg").toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "dot did not finish");
        assertEquals(0, p.exitValue(), said);
        assertTrue(Files.readString(dir.resolve("graph.svg")).contains("<svg"));
    }

    @Test
    void badTargetFlagsAreUsageErrorsAndAnUnmappableOpIsAnErrorAtItsLine() throws Exception {
        Path quick = Programs.example("quickstart.locus");
        CliRun wrongTarget = CliRun.of("compile", quick.toString(), "--target", "jvm", "-o",
                dir.resolve("q.jar").toString(), "--pe", "2");
        assertEquals(Main.USAGE, wrongTarget.status());
        assertTrue(wrongTarget.err().contains("--pe is a flag of target hw, not of jvm"), wrongTarget.err());
        CliRun badPe = CliRun.of("compile", quick.toString(), "--target", "hw", "-o", dir.toString(), "--pe", "0");
        assertEquals(Main.USAGE, badPe.status());
        assertTrue(badPe.err().contains("--pe 0: expected a whole number at least 1"), badPe.err());

        Path fold = dir.resolve("fold.txt");
        Files.writeString(fold, "fc1 pe=4\nfc9 simd=2\n");
        CliRun badFold = CliRun.of("compile", quick.toString(), "--target", "hw", "-o", dir.toString(), "--fold",
                fold.toString());
        assertEquals(Main.USER_ERROR, badFold.status());
        assertTrue(badFold.err().contains(fold + ":2: `fc9` is neither a layer"), badFold.err());

        Path bn = dir.resolve("bn.locus");
        Files.writeString(bn, Files.readString(quick).replace("dense(256) -> relu\n    layer  fc2",
                "dense(256) -> batchnorm -> relu\n    layer  fc2"));
        CliRun unmappable = CliRun.of("compile", bn.toString(), "--target", "hw", "-o", dir.resolve("bn").toString());
        assertEquals(Main.USER_ERROR, unmappable.status(), unmappable.err());
        assertTrue(unmappable.err().contains(bn + ":8:"), unmappable.err());
        assertTrue(unmappable.err().contains("batchnorm has no hardware node"), unmappable.err());
    }

    @Test
    void aFoldFileSetsEachLayersFoldingAndPrecision() throws Exception {
        Path fold = dir.resolve("fold.txt");
        Files.writeString(fold, "# per layer\ndefault pe=2 simd=2\nfc2 pe=8 simd=16 precision=q8.8\n"
                + "fc1.gradient.weight pe=4\n");
        Path out = dir.resolve("hw");
        CliRun run = CliRun.of("compile", Programs.example("quickstart.locus").toString(), "--target", "hw", "-o",
                out.toString(), "--fold", fold.toString());
        assertEquals(0, run.status(), run.err());
        String json = Files.readString(out.resolve("graph.json"));
        assertTrue(json.contains("\"name\": \"fc2.mvau\", \"layer\": 1, \"layer_name\": \"fc2\", \"kind\": \"mvau\", "
                + "\"element_type\": \"q8.8\", \"pe\": 8, \"simd\": 16"), json);
        assertTrue(json.contains("\"name\": \"fc1.mvau\", \"layer\": 0, \"layer_name\": \"fc1\", \"kind\": \"mvau\", "
                + "\"element_type\": \"float32\", \"pe\": 2, \"simd\": 2"), json);
        assertTrue(json.contains("\"name\": \"fc1.gradient.weight\", \"layer\": 0, \"layer_name\": \"fc1\", "
                + "\"kind\": \"gradient\", \"element_type\": \"float32\", \"pe\": 4, \"simd\": 2"), json);
    }

    private static boolean onPath(final String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
