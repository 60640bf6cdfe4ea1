package dev.locus.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.hw.HwOptions;
import dev.locus.hw.Programs;
import dev.locus.hw.graph.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrecisionComparisonTest {

    @Test
    void aWideFixedPointTrainsAsFloatDoesAndANarrowOneLosesAccuracy() {
        IrGraph ir = Programs.ir(Programs.mlp(1, 64, "local_error").replace("batch     8", "batch     32").replace("lr: 0.001", "lr: 0.003"));
        var wide = PrecisionComparison.run(ir, "local_error", HwOptions.parse(Map.of("precision", "q12.20")),
                SimulatorTest.DATA.train(), SimulatorTest.DATA.test(), 150, 500);
        assertEquals(Precision.parse("q12.20"), wide.precision());
        assertTrue(wide.floatAccuracy() > 0.5, "float learns: " + wide);
        assertTrue(Math.abs(wide.fixedAccuracy() - wide.floatAccuracy()) <= 0.02, wide.toString());
        var narrow = PrecisionComparison.run(ir, "local_error", HwOptions.parse(Map.of("precision", "q4.4")),
                SimulatorTest.DATA.train(), SimulatorTest.DATA.test(), 150, 500);
        assertEquals(wide.floatAccuracy(), narrow.floatAccuracy(), "the same float reference");
        assertTrue(narrow.fixedAccuracy() < narrow.floatAccuracy() - 0.05, narrow.toString());
    }
}
