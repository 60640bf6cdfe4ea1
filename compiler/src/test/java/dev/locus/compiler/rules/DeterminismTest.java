package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomness under control: a rule's fixed tensors never change while the network trains, and
 * they and everything else are a function of the seed: the same seed trains to the same
 * parameters bit for bit, another seed to other ones.
 */
class DeterminismTest {
    private static final List<String> RULES_WITH_FIXED_TENSORS = List.of("local_error", "local_error_sc",
            "feedback_alignment", "user_arith", "user_sign");
    private static final int STEPS = 4;

    /** Dropout, batch normalization, convolution: every consumer of the generator at once. */
    private static final String NETWORK = """
            network Net {
                input image : [2, 6, 6]
                classes 3
                layer c1 = conv2d(3, kernel: 3, pad: 1) -> batchnorm -> relu -> maxpool(2)
                layer fc1 = flatten -> dense(8, init: he_normal) -> relu -> dropout(0.3)
                layer fc2 = dense(6, init: xavier_uniform) -> tanh -> dropout(0.2)
                output out = dense(classes)
            }
            """;

    private static Pipeline pipeline(final String network, final String rule, final int seed) {
        return Pipeline.of(Pipeline.program(network + RuleGradientTest.USER_RULES, NetworkGen.NAME, rule,
                "adam(lr: 0.01)", seed));
    }

    private static void train(final Pipeline p, final long dataSeed) {
        Random r = new Random(dataSeed);
        for (int i = 0; i < STEPS; i++) {
            Pipeline.Batch b = Pipeline.Batch.random(r, p, 4);
            p.interpreter.trainStep(b.images(), b.labels(), b.size());
        }
    }

    @Test
    void fixedTensorsAreBitIdenticalBeforeAndAfterTraining() {
        qt().withFixedSeed(31).withExamples(40).forAll(NetworkGen.networks(),
                integers().between(0, RULES_WITH_FIXED_TENSORS.size() - 1), integers().between(0, 1_000_000))
                .checkAssert((network, rule, seed) -> {
                    Pipeline p = pipeline(network.source(), RULES_WITH_FIXED_TENSORS.get(rule), seed);
                    Map<String, double[]> fixed = p.fixedTensors();
                    assertFalse(fixed.isEmpty(), "the rule draws fixed tensors");
                    Map<String, double[]> parameters = p.parameters();
                    train(p, seed);
                    assertTrue(parameters.keySet().stream()
                            .anyMatch(n -> !Arrays.equals(parameters.get(n), p.interpreter.parameter(n).data())),
                            "training moved the parameters");
                    Map<String, double[]> after = p.fixedTensors();
                    for (String name : fixed.keySet()) {
                        assertArrayEquals(fixed.get(name), after.get(name), name + " changed in training");
                    }
                    // And they are the seed's: drawn again the same, and differently under another seed.
                    Map<String, double[]> again = pipeline(network.source(), RULES_WITH_FIXED_TENSORS.get(rule), seed)
                            .fixedTensors();
                    Map<String, double[]> other = pipeline(network.source(), RULES_WITH_FIXED_TENSORS.get(rule),
                            seed + 1).fixedTensors();
                    for (String name : fixed.keySet()) {
                        assertArrayEquals(fixed.get(name), again.get(name), name + " under the same seed");
                        assertFalse(Arrays.equals(fixed.get(name), other.get(name)), name + " under another seed");
                    }
                });
    }

    @Test
    void localErrorScsFeedbackKeepsItsClassifiersSignsAndVariesItsMagnitudes() {
        qt().withFixedSeed(32).withExamples(40).forAll(NetworkGen.networks(), integers().between(0, 1_000_000))
                .checkAssert((network, seed) -> {
                    Pipeline p = pipeline(network.source(), "local_error_sc(spread: 0.5)", seed);
                    for (String layer : p.layers().subList(0, p.layers().size() - 1)) {
                        double[] b = p.fixed(layer, dev.locus.compiler.ir.OpKind.UNIFORM).data();
                        double[] f = p.fixed(layer, dev.locus.compiler.ir.OpKind.SIGN_CONCORDANT).data();
                        assertEquals(b.length, f.length);
                        boolean varied = false;
                        for (int i = 0; i < b.length; i++) {
                            assertTrue(f[i] == 0 || Math.signum(f[i]) == Math.signum(b[i]), layer + "[" + i + "]");
                            varied |= Math.abs(f[i] - b[i]) > 1e-3 * Math.abs(b[i]);
                        }
                        assertTrue(varied, layer + ": F is B");
                    }
                });
    }

    @Test
    void theSameSeedTrainsToBitIdenticalParametersAndAnotherSeedToOthers() {
        for (String rule : List.of("local_error", "local_error_sc(loss: mse)", "backprop", "feedback_alignment")) {
            Pipeline a = pipeline(NETWORK, rule, 7);
            Pipeline b = pipeline(NETWORK, rule, 7);
            Pipeline c = pipeline(NETWORK, rule, 8);
            train(a, 99);
            train(b, 99);
            train(c, 99);
            Map<String, double[]> pa = a.parameters();
            Map<String, double[]> pb = b.parameters();
            Map<String, double[]> pc = c.parameters();
            assertEquals(pa.keySet(), pb.keySet());
            for (String name : pa.keySet()) {
                assertArrayEquals(pa.get(name), pb.get(name), rule + ": " + name + " under the same seed");
                // Every tensor differs under another seed: its start (weights), or where it went (zero-started biases).
                assertFalse(Arrays.equals(pa.get(name), pc.get(name)), rule + ": " + name + " under another seed");
            }
            for (String layer : a.layers()) {
                assertEquals(a.interpreter.localLoss(layer), b.interpreter.localLoss(layer),
                        rule + ": the local loss of " + layer);
            }
        }
    }

    @Test
    void dropoutMasksComeFromTheSeedAndTheStep() {
        // Two steps on the same batch with nothing trained differ only by dropout's masks, which follow the step.
        Pipeline p = pipeline(NETWORK, "local_error", 5);
        Pipeline.Batch batch = Pipeline.Batch.random(new Random(3), p, 4);
        p.frozenStep(batch);
        double first = p.localLoss("fc1");
        p.frozenStep(batch);
        double second = p.localLoss("fc1");
        assertTrue(first != second, "a new step draws a new dropout mask");
        Pipeline q = pipeline(NETWORK, "local_error", 5);
        q.frozenStep(batch);
        assertEquals(first, q.localLoss("fc1"), "the first step's mask again under the same seed");
        q.frozenStep(batch);
        assertEquals(second, q.localLoss("fc1"), "the second step's mask again under the same seed");
    }
}
