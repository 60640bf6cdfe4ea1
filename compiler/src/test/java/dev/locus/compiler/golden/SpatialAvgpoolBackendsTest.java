package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.backend.Tolerance;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.locality.LocalityCheck;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rule that reads `flatten(spatial_avgpool(layer.out, 2))` through a fixed or a learned
 * classifier, on a network of a conv layer and a dense hidden layer: local, and the JVM backend
 * trains it on images of the bundled Fashion-MNIST sample as the interpreter does, within the
 * program's tolerance (as the golden programs are compared: every step's losses, correct counts,
 * parameters and probe scores).
 */
class SpatialAvgpoolBackendsTest {
    private static final int STEPS = 3;

    private static String program(final String statement, final String optimizer) {
        return """
                rule pooled(size = 2) {
                    hidden {
                        let pooled = flatten(spatial_avgpool(layer.out, size))
                        %1$s = uniform(features(pooled), classes, 1.0 / sqrt(features(pooled)))
                        minimize cross_entropy(pooled @ %2$s, label)
                    }
                    output {
                        minimize cross_entropy(layer.out, label)
                    }
                }

                network ConvDense {
                    input  image : [1, 28, 28]
                    classes 10
                    layer  c1  = conv2d(4, kernel: 5, pad: 2) -> relu -> maxpool(2)
                    layer  fc1 = flatten -> dense(32) -> relu
                    output out = dense(classes)
                }

                train ConvDense {
                    data      fashion_mnist
                    rule      pooled(size: 2)
                    optimizer %3$s
                    batch     8
                    epochs    1
                    seed      3
                }
                """.formatted(statement, statement.substring(statement.length() - 1), optimizer);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"fixed B | sgd(lr: 0.05)", "learned C | sgd(lr: 0.05, momentum: 0.9)"})
    void isLocalAndTrainsOnTheJvmAsOnTheInterpreter(final String statement, final String optimizer) {
        Diagnostics d = new Diagnostics();
        CheckedProgram program = FrontEnd.check(Path.of("pooled.locus"), program(statement, optimizer), d)
                .orElseThrow(() -> new AssertionError("does not check: " + d.all()));
        assertEquals(1, program.plans().size());
        TrainingPlan plan = program.plans().get(0);
        IrGraph ir = GoldenCorpus.ir(plan);
        assertTrue(LocalityCheck.analyze(ir).isLocal(), statement + ": the rule is local");

        Tolerance t = Tolerance.of(ir);
        SyntheticData data = SyntheticData.bundledSample(STEPS, plan.batch());
        TieWatch watch = new TieWatch(t.relative());
        Agreement a = Agreement.of(GoldenRunner.run(watch.reference(), plan, data, STEPS),
                GoldenRunner.run(GoldenBackend.jvm(), plan, data, STEPS), t.relative(), watch.ties());
        System.out.printf(Locale.ROOT, "spatial_avgpool, %s, on jvm: within %s (%.0e), the worst difference used"
                + " %.2f of it%n", statement, t, t.relative(), a.worst());
        assertTrue(a.agrees(), statement + " on jvm differs from the interpreter beyond " + t + ":\n  "
                + String.join("\n  ", a.problems()));
    }
}
