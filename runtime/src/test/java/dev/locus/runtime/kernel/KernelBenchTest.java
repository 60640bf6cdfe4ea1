package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.bench.KernelBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The benchmark entry's output format and argument handling (its figures are not checked: a test is no timer). */
class KernelBenchTest {

    private static String run(final int expectedStatus, final String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = KernelBench.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, out);
        return out;
    }

    @Test
    void quickJsonRunPrintsEverySgemmSizeWithPositiveRates() {
        String out = run(0, "--json", "--quick", "--threads", "2", "--only", "sgemm");
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        Pattern p = Pattern.compile("\\{\"kernel\":\"sgemm\",\"m\":(\\d+),\"n\":(\\d+),\"k\":(\\d+),\"threads\":2,"
                + "\"seconds\":[0-9.]+,\"gflops\":([0-9.]+)}");
        String[] sizes = {"64 1000 784", "128 1024 1024", "1024 1024 1024"};
        for (int i = 0; i < 3; i++) {
            Matcher m = p.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(sizes[i], m.group(1) + " " + m.group(2) + " " + m.group(3));
            assertTrue(Double.parseDouble(m.group(4)) > 0, lines.get(i));
        }
    }

    @Test
    void convolutionLinesNameLayerAndPhase() {
        String out = run(0, "--json", "--quick", "--threads", "1", "--only", "conv");
        List<String> lines = out.lines().toList();
        assertEquals(8, lines.size(), out);
        for (String layer : new String[] {"conv1", "conv2"}) {
            for (String phase : new String[] {"forward", "backward_data", "backward_weights", "total"}) {
                assertTrue(lines.stream().anyMatch(l -> l.contains("\"layer\":\"" + layer + "\"")
                        && l.contains("\"phase\":\"" + phase + "\"") && l.contains("\"threads\":1")), layer + " " + phase);
            }
        }
    }

    @Test
    void badOptionsExitWithUsageStatus() {
        assertTrue(run(2, "--threads", "zero").contains("--threads takes a positive whole number"));
        assertTrue(run(2, "--fast").contains("unknown option --fast"));
        assertTrue(run(2, "--threads").contains("--threads needs a value"));
    }
}
