package dev.locus.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.hw.NetworkGen;
import dev.locus.hw.Programs;
import dev.locus.runtime.train.TrainableModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Over generated networks and seeds: every fixed tensor the generators draw is the JVM backend's, bit for bit. */
class ClassifierPropertyTest {
    static final List<String> RULES = List.of("local_error", "local_error_sc(spread: 0.7)", "feedback_alignment",
            "local_error(scale: 3.0)");

    @Test
    void generatedClassifiersAreTheJvmBackendsBitForBit() {
        qt().withFixedSeed(301).withExamples(12).forAll(NetworkGen.networks(), integers().between(0, RULES.size() - 1),
                integers().between(0, 1_000_000)).checkAssert((net, r, seed) -> {
                    IrGraph ir = Programs.ir(net.source(RULES.get(r)).replace("seed      7", "seed      " + seed));
                    TrainableModel jvm = JvmReference.model(ir);
                    int checked = 0;
                    for (IrBlock b : ir.schedule().init()) {
                        for (IrOp op : b.ops()) {
                            float[] expected;
                            try {
                                expected = JvmReference.fixedTensor(jvm, op.output());
                            } catch (ReflectiveOperationException e) {
                                throw new AssertionError(e);
                            }
                            DrawStream stream = DrawStream.of(op, seed);
                            for (int i = 0; i < expected.length; i++) {
                                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(stream.next()),
                                        op.output() + "[" + i + "]");
                            }
                            checked++;
                        }
                    }
                    assertTrue(checked > 0 || net.hidden() == 0);
                });
    }
}
