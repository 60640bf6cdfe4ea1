package dev.locus.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import dev.locus.hw.Programs;
import dev.locus.hw.graph.GraphLowering;
import dev.locus.hw.graph.Precision;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.random.SeededRandom;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus every backend runs (docs/GOLDEN.md), on the simulator: each program the
 * hardware can map trains 3 steps of random data in float32 as the JVM backend does, within
 * SimulatorTest's tolerance; a program with training batch normalization is refused at the line of
 * its batchnorm.
 */
class GoldenCorpusTest {

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(Programs.repository().resolve("compiler/src/test/resources/golden"))) {
            return files.filter(p -> p.toString().endsWith(".locus")).sorted().toList();
        }
    }

    static boolean normalizes(final IrGraph ir) {
        return ir.blocks().stream().flatMap(b -> b.ops().stream()).anyMatch(op -> op.kind() == OpKind.BATCHNORM);
    }

    @Test
    void everyMappableGoldenProgramTrainsOnTheSimulatorAsOnTheJvmBackend() throws IOException {
        int simulated = 0;
        int refused = 0;
        for (Path file : corpus()) {
            IrGraph ir = Programs.ir(Files.readString(file));
            if (normalizes(ir)) {
                LocusException e = assertThrows(LocusException.class,
                        () -> GraphLowering.lower(ir, "rule", Precision.FLOAT32), file.toString());
                IrOp bn = ir.blocks().stream().filter(b -> b.kind() == IrBlock.Kind.FORWARD)
                        .flatMap(b -> b.ops().stream()).filter(op -> op.kind() == OpKind.BATCHNORM).findFirst()
                        .orElseThrow();
                assertTrue(e.getMessage().startsWith("test.locus:" + bn.origin().line() + ":"), e.getMessage());
                refused++;
                continue;
            }
            int batch = ir.training().batch();
            int size = ir.images().type().shape().intSize();
            TrainableModel jvm = JvmReference.model(ir);
            jvm.setTraining(true);
            Simulator sim = new Simulator(GraphLowering.lower(ir, "rule", Precision.FLOAT32));
            SeededRandom data = SeededRandom.forKey(11, file.getFileName().toString(), "data");
            for (int step = 0; step < 3; step++) {
                float[] images = new float[batch * size];
                data.fillUniform(images, 1f);
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = data.nextInt(ir.network().classes());
                }
                jvm.trainStep(images, labels, batch, new StepStats(jvm.layerNames().size()));
                sim.trainStep(images, labels, batch);
            }
            for (Map.Entry<String, float[]> e : JvmReference.parameters(jvm).entrySet()) {
                float[] expected = e.getValue();
                float[] actual = sim.parameter(e.getKey());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], SimulatorTest.ABSOLUTE + SimulatorTest.RELATIVE
                            * Math.abs(expected[i]), file.getFileName() + " " + e.getKey() + "[" + i + "]");
                }
            }
            simulated++;
        }
        assertTrue(simulated >= 6, simulated + " programs simulated");
        assertTrue(refused >= 1, "batchnorm_feedback is refused");
    }
}
