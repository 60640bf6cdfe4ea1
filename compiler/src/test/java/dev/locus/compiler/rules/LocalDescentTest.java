package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.interp.Mode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One small step of a local rule does not increase the loss of the layer that took it, on the
 * same minibatch; and it lowers it by what the gradient predicts to first order, lr |g|^2 (the
 * step taken through the interpreter's optimizer, the loss measured by a fresh forward pass).
 * Smooth activations, so that the loss is smooth; the other layers frozen, so that the change is
 * the step's alone (under a local rule the layers below still move a layer's input otherwise).
 */
class LocalDescentTest {
    private static final double LR = 1e-3;
    private static final List<String> RULES = List.of("local_error", "local_error(loss: mse)",
            "local_error(loss: square_hinge, scale: 2.0)", "local_error(loss: smooth_l1)");

    @Test
    void aSmallStepLowersTheLayersOwnLossAsItsGradientPredicts() {
        qt().withFixedSeed(41).withExamples(80).forAll(NetworkGen.smoothMlps(), integers().between(0, RULES.size() - 1),
                integers().between(0, 1_000_000)).checkAssert((network, rule, seed) -> {
                    String source = Pipeline.program(network.source(), NetworkGen.NAME,
                            RULES.get(rule), "sgd(" + LR + ")", seed);
                    Pipeline p = Pipeline.of(source);
                    Pipeline.Batch batch = Pipeline.Batch.random(new Random(seed), p, 8);
                    for (int k = 0; k < p.layers().size(); k++) {
                        String layer = p.layers().get(k);
                        p.frozenStep(batch);
                        double before = p.localLoss(layer);
                        double squared = 0;
                        for (double[] g : p.gradients(layer).values()) {
                            for (double v : g) {
                                squared += v * v;
                            }
                        }
                        Map<String, double[]> saved = p.parameters();
                        p.interpreter.setTrainable(k, true);
                        p.interpreter.step(batch.images(), batch.labels(), batch.size(), Mode.TRAINING);
                        p.frozenStep(batch);
                        double after = p.localLoss(layer);
                        String what = RULES.get(rule) + ", layer " + layer + ": loss " + before + " -> " + after
                                + ", predicted decrease " + LR * squared + "\n" + network;
                        assertTrue(after <= before, what);
                        assertTrue(squared > 0, what);
                        double ratio = (before - after) / (LR * squared);
                        assertTrue(ratio > 0.9 && ratio < 1.1, "decrease / predicted = " + ratio + ": " + what);
                        saved.forEach((name, v) -> p.interpreter.setParameter(name, v));
                    }
                });
    }
}
