package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.backend.Tolerance;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.ir.IrGraph;
import org.junit.jupiter.api.Test;

/** A loss scaled by a constant: the constant must stay what the program says at every step. */
class ConstantFactorTest {
    private static final String PROGRAM = """
            rule doubled() {
                hidden {
                    propagate(feedback: transpose)
                }
                output {
                    minimize cross_entropy(layer.out, label) * 2
                }
            }

            network Net {
                input image : [2]
                classes 2
                output out = dense(classes)
            }

            train Net {
                data      idx(images: "synthetic", labels: "synthetic", test_images: "synthetic", test_labels: "synthetic")
                rule      doubled
                optimizer sgd(lr: 0.1)
                batch     2
                epochs    1
                seed      1
            }
            """;

    @Test
    void aLossScaledByAConstantTrainsOnTheJvmAsOnTheInterpreter() {
        TrainingPlan plan = new GeneratedPrograms.Program(PROGRAM).plan();
        IrGraph ir = GoldenCorpus.ir(plan);
        SyntheticData data = SyntheticData.of(plan, 2);
        Agreement a = Agreement.of(GoldenRunner.run(GoldenBackend.reference(), plan, data),
                GoldenRunner.run(GoldenBackend.jvm(), plan, data), Tolerance.of(ir).relative());
        assertTrue(a.agrees(), String.join("\n", a.problems()));
    }
}
