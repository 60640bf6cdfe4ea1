package dev.locus.hw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.hw.HwOptions;
import dev.locus.hw.Programs;
import dev.locus.hw.sim.CostTable;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The claim: backprop's activation storage grows with depth, local_error's stays that of one layer. */
class DepthTest {
    static final int WIDTH = 128;

    @Test
    void backpropsPeakActivationStorageGrowsWithDepthAndLocalErrorsStaysOneLayers() {
        long previousBackprop = 0;
        double previousLatency = 0;
        // one layer's storage: its input, its pre-activation and its output, the first layer's input the largest
        long oneLayer = 4L * (Math.max(784, WIDTH) + 2 * WIDTH);
        for (int depth = 2; depth <= 10; depth++) {
            HwReport r = HwReport.run(Path.of("mlp.locus"), Programs.mlp(depth - 1, WIDTH, "local_error"),
                    List.of("local_error", "backprop"), Optional.empty(), HwOptions.DEFAULT, CostTable.horowitz45(),
                    new PrintStream(OutputStream.nullOutputStream()));
            RuleReport local = r.rows().get(0);
            RuleReport backprop = r.rows().get(1);
            assertEquals(oneLayer, local.peakActivationBytes(), "depth " + depth);
            assertTrue(backprop.peakActivationBytes() > previousBackprop, "depth " + depth);
            // backprop keeps every layer's: the image, and each hidden layer's pre-activation and output
            assertEquals(4L * (784 + (depth - 1) * 2 * WIDTH + 10), backprop.peakActivationBytes(), "depth " + depth);
            assertEquals(0, local.backwardEdgeBytes());
            assertEquals(4.0 * WIDTH * (depth - 1), backprop.backwardEdgeBytes(), 0);
            assertTrue(r.table().contains("backprop"), r.table());
            // and one sample's latency: backprop's update of the first layer waits for every layer above
            assertTrue(backprop.profile().latencyCycles() > previousLatency, "depth " + depth);
            assertTrue(backprop.profile().latencyCycles() > local.profile().latencyCycles(), "depth " + depth);
            previousBackprop = backprop.peakActivationBytes();
            previousLatency = backprop.profile().latencyCycles();
        }
    }
}
