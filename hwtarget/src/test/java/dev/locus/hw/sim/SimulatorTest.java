package dev.locus.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.hw.Programs;
import dev.locus.hw.graph.GraphLowering;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.Precision;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.Samples;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator executes the graph: in float32 it trains as the JVM backend does; its classifiers are the JVM's. */
class SimulatorTest {
    static final DataSet DATA = DataLoader.loadSample();

    /** Batch {@code b} of {@code size} training samples. */
    static float[] images(final int b, final int size) {
        Samples s = DATA.train();
        return Arrays.copyOfRange(s.images(), b * size * s.sampleSize(), (b + 1) * size * s.sampleSize());
    }

    static int[] labels(final int b, final int size) {
        return Arrays.copyOfRange(DATA.train().labels(), b * size, (b + 1) * size);
    }

    /**
     * Float32 tolerance: the simulator rounds each op's double result to float, the JVM computes in
     * float with its own summation order; after a few Adam steps the parameters agree to this.
     */
    static final double ABSOLUTE = 1e-6;
    static final double RELATIVE = 1e-5;

    @Test
    void inFloat32ItsUpdatesEqualTheJvmBackendsWithinTolerance() {
        for (String source : List.of(Programs.mlp(2, 32, "local_error"), Programs.mlp(2, 32, "backprop"),
                Programs.branches("local_error_sc"), Programs.branches("feedback_alignment"),
                Programs.LEARNED_RULE + Programs.mlp(2, 32, "learned_classifier"))) {
            IrGraph ir = Programs.ir(source);
            int batch = ir.training().batch();
            TrainableModel jvm = JvmReference.model(ir);
            jvm.setTraining(true);
            Simulator sim = new Simulator(GraphLowering.lower(ir, "rule", Precision.FLOAT32));
            Map<String, float[]> before = new java.util.HashMap<>();
            JvmReference.parameters(jvm).forEach((n, w) -> before.put(n, w.clone()));
            for (Map.Entry<String, float[]> e : JvmReference.parameters(jvm).entrySet()) {
                assertTrue(Arrays.equals(e.getValue(), sim.parameter(e.getKey())), e.getKey() + " starts the same");
            }
            for (int step = 0; step < 4; step++) {
                jvm.trainStep(images(step, batch), labels(step, batch), batch, new StepStats(jvm.layerNames().size()));
                sim.trainStep(images(step, batch), labels(step, batch), batch);
            }
            double used = 0;
            for (Map.Entry<String, float[]> e : JvmReference.parameters(jvm).entrySet()) {
                float[] expected = e.getValue();
                for (int i = 0; i < expected.length; i++) {
                    used = Math.max(used, Math.abs(expected[i] - sim.parameter(e.getKey())[i])
                            / (ABSOLUTE + RELATIVE * Math.abs(expected[i])));
                }
                float[] actual = sim.parameter(e.getKey());
                assertTrue(!Arrays.equals(before.get(e.getKey()), expected) || e.getKey().endsWith("bias"),
                        e.getKey() + " trained");
                for (int i = 0; i < expected.length; i++) {
                    double tolerance = ABSOLUTE + RELATIVE * Math.abs(expected[i]);
                    assertEquals(expected[i], actual[i], tolerance, source + "\n" + e.getKey() + "[" + i + "]");
                }
            }
            System.out.printf("%s: the worst difference used %.3g of the tolerance%n", ir.network().name() + " "
                    + source.lines().filter(l -> l.trim().startsWith("rule") && !l.contains("{")).findFirst().orElse("").trim(), used);
        }
    }

    @Test
    void theClassifierGeneratorDrawsTheJvmBackendsFixedTensorsBitForBit() throws Exception {
        for (String rule : List.of("local_error", "local_error_sc", "feedback_alignment")) {
            IrGraph ir = Programs.ir(Programs.branches(rule));
            TrainableModel jvm = JvmReference.model(ir);
            HwGraph g = GraphLowering.lower(ir, rule, Precision.FLOAT32);
            int checked = 0;
            for (IrBlock b : ir.schedule().init()) {
                for (IrOp op : b.ops()) {
                    float[] expected = JvmReference.fixedTensor(jvm, op.output());
                    float[] drawn = DrawStream.all(op, ir.training().seed());
                    assertEquals(expected.length, drawn.length);
                    for (int i = 0; i < drawn.length; i++) {
                        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(drawn[i]),
                                rule + " " + op.output() + "[" + i + "]");
                    }
                    checked++;
                }
            }
            assertTrue(checked > 0, rule + " draws fixed tensors");
            assertTrue(g.nodes().stream().noneMatch(n -> n.held().stream()
                    .anyMatch(v -> v.definition() != null && v.definition().block().kind() == IrBlock.Kind.INIT)));
        }
    }
}
