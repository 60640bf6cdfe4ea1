package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private record Run(int status, String out, String err) {
    }

    private static Run bench(final String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = new Main().run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badUsageExitsTwoWithAMessage() {
        Run none = bench();
        assertEquals(2, none.status());
        assertTrue(none.err().contains("say what to measure"), none.err());
        assertEquals(2, bench("train").status());
        Run threads = bench("kernels", "--threads", "zero");
        assertEquals(2, threads.status());
        assertTrue(threads.err().contains("--threads takes a whole number"), threads.err());
        assertEquals(2, bench("kernels", "--only", "everything").status());
    }

    @Test
    void jsonPrintsOneMeasurementPerLine() {
        Run r = bench("kernels", "--quick", "--only", "sgemm", "--threads", "1", "--json");
        assertEquals(0, r.status(), r.err() + r.out());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        for (String line : lines) {
            assertTrue(line.matches("\\{\"kernel\":\"sgemm\",\"m\":\\d+,\"n\":\\d+,\"k\":\\d+,\"threads\":1,.*\"gflops\":[0-9.]+}"),
                    line);
        }
        assertTrue(r.out().contains("\"m\":1024,\"n\":1024,\"k\":1024"), r.out());
    }
}
