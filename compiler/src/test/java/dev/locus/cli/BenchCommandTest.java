package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private static CliRun bench(final String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    @Test
    void badUsageExitsTwoWithAMessage() {
        CliRun none = bench();
        assertEquals(2, none.status());
        assertTrue(none.err().contains("say what to measure"), none.err());
        CliRun threads = bench("kernels", "--threads", "zero");
        assertEquals(2, threads.status());
        assertTrue(threads.err().contains("--threads takes a whole number"), threads.err());
        assertEquals(2, bench("kernels", "--only", "everything").status());
    }

    @Test
    void jsonPrintsOneMeasurementPerLine() {
        CliRun r = bench("kernels", "--quick", "--only", "sgemm", "--threads", "1", "--json");
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
