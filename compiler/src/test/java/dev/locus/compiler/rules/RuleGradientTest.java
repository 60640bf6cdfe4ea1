package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.interp.Tensor;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The IR's gradients against central finite differences, at graph level: on generated networks,
 * each update block's gradient for each parameter is the derivative of the scalar its layer
 * minimizes (under a local rule, the layer's own loss; under backprop, the output layer's loss
 * for every layer). The whole pipeline is under test: source, checker, rule expansion, autodiff,
 * interpreter.
 */
class RuleGradientTest {
    /** Rules of users that between them use every function and loss of the rule language. */
    static final String USER_RULES = """
            rule user_arith(scale = 1.0) {
                hidden {
                    fixed B = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    let s = flatten(layer.out) @ B
                    let y = onehot(label, classes)
                    let d = softmax(s) - y
                    minimize mean(d * d) - sum(log_softmax(s) * y) / 4 + mean(sqrt(s * s + 1) / (2 + abs(s)))
                }
                output {
                    minimize smooth_l1(layer.out, label) + mse(layer.out, label) / 2
                        - mean(-layer.out * onehot(label, classes))
                }
            }

            rule user_sign() {
                hidden {
                    fixed B = normal(features(layer.out), classes, 0.5)
                    let s = fa_matmul(flatten(layer.out), B, B)
                    minimize cross_entropy(s, label)
                    minimize mean(relu(s) * sign(s)) / 2
                }
                output {
                    minimize square_hinge(layer.out, label) + mean(relu(-layer.out))
                }
            }

            rule user_scope(scale = 1.0, weight = 0.5) {
                hidden {
                    fixed B = normal(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    fixed C = uniform(features(layer.out), classes * 2, weight)
                    let x = flatten(layer.out)
                    let s = x @ B
                    let t = x @ C
                    let energy = mean(flatten(layer.in) * flatten(layer.in))
                    minimize cross_entropy(s, label) * weight + mean(t * t) / (classes * 2) * energy
                }
                output {
                    minimize mse(softmax(layer.out), label)
                }
            }

            rule user_hybrid(scale = 1.0) {
                hidden {
                    fixed B = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    minimize mse(flatten(layer.out) @ B, label)
                    propagate(feedback: transpose)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }

            rule user_learned(scale = 1.0) {
                hidden {
                    learned C = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    learned D = normal(features(layer.out), classes, 0.5) * 0.5
                    let s = fa_matmul(flatten(layer.out), C, C) + flatten(layer.out) @ D
                    minimize cross_entropy(s, label) + mean(s * s) / 10
                }
                output {
                    learned E = uniform(classes, classes, 0.3)
                    minimize cross_entropy(layer.out, label) + mse(layer.out @ E, label) / 4
                }
            }

            rule user_pooled() {
                hidden {
                    fixed A = uniform(features(avgpool(layer.out, 2)), classes, 1.0)
                    fixed M = uniform(features(maxpool(layer.out, 2)), classes, 1.0)
                    minimize cross_entropy(flatten(avgpool(layer.out, 2)) @ A + flatten(maxpool(layer.out, 2)) @ M,
                        label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    static final int EXAMPLES = 60;
    static final int BATCH = 4;
    static final int PER_PARAMETER = 12;

    /** How a rule's gradients are judged. */
    enum Kind {
        /** Every layer descends its own local loss. */
        LOCAL,
        /** local_error_sc: with its feedback F set to its classifier B, the same as local_error. */
        SIGN_CONCORDANT,
        /** Hidden layers descend the output layer's loss. */
        BACKPROP,
        /** feedback_alignment: with every feedback matrix set to its weight, the same as backprop. */
        FEEDBACK_ALIGNMENT,
        /**
         * Hidden layers that minimize a loss of their own and take the error from above: each descends
         * the sum of its own loss and those of every layer above it, which is the sum of all local
         * losses (the ones below do not depend on its parameters).
         */
        HYBRID
    }

    @Test
    void localErrorGradientsAreTheDerivativesOfEachLayersLoss() {
        Set<OpKind> covered = check(Kind.LOCAL, NetworkGen.networks(), "local_error", "local_error(loss: mse)",
                "local_error(loss: square_hinge, scale: 2.0)", "local_error(loss: smooth_l1, scale: 0.5)");
        // The fixed seed makes the examples the same every run; they must have covered every layer op.
        assertEquals(Set.of(OpKind.MATMUL, OpKind.ADD_BIAS, OpKind.CONV2D, OpKind.MAXPOOL, OpKind.AVGPOOL,
                OpKind.RESHAPE, OpKind.CONCAT, OpKind.RELU, OpKind.TANH, OpKind.SIGMOID, OpKind.LEAKY_RELU,
                OpKind.BATCHNORM), covered);
    }

    @Test
    void localErrorScGradientsAreTheDerivativesOfEachLayersLossWhenItsFeedbackIsItsClassifier() {
        check(Kind.SIGN_CONCORDANT, NetworkGen.networks(), "local_error_sc", "local_error_sc(loss: mse, spread: 0.3)");
    }

    @Test
    void backpropGradientsAreTheDerivativesOfTheOutputLoss() {
        check(Kind.BACKPROP, NetworkGen.networks(), "backprop", "backprop(loss: smooth_l1)",
                "backprop(loss: square_hinge)");
    }

    @Test
    void feedbackAlignmentWithFeedbackEqualToTheWeightsDescendsTheOutputLoss() {
        check(Kind.FEEDBACK_ALIGNMENT, NetworkGen.networks(), "feedback_alignment",
                "feedback_alignment(loss: mse, scale: 0.5)");
    }

    @Test
    void userRulesOfEveryFunctionAndLossHaveTheDerivativesOfTheirLosses() {
        check(Kind.LOCAL, NetworkGen.networks(), "user_arith", "user_arith(scale: 3.0)", "user_sign", "user_scope",
                "user_scope(weight: 2.0, scale: 0.5)");
    }

    @Test
    void dropoutMasksArePartOfTheFunctionTheGradientsDescend() {
        // Each evaluation is a first step, so that every one draws the same masks.
        Set<OpKind> covered = check(Kind.LOCAL, true, NetworkGen.networksWithDropout(), "local_error",
                "local_error(loss: mse)");
        assertTrue(covered.contains(OpKind.DROPOUT_MASK));
        covered = check(Kind.BACKPROP, true, NetworkGen.networksWithDropout(), "backprop");
        assertTrue(covered.contains(OpKind.DROPOUT_MASK));
    }

    @Test
    void aRuleThatMinimizesAndPropagatesDescendsTheSumOfTheLossesAboveAndItsOwn() {
        check(Kind.HYBRID, NetworkGen.networks(), "user_hybrid", "user_hybrid(scale: 2.0)");
    }

    @Test
    void learnedTensorsDescendTheDerivativesOfTheirLayersLoss() {
        // Every APPLY_UPDATE is checked, so the learned tensors' gradients (C, D and E) as well as the
        // layers' own, which now also flow through matrices that the same step changes.
        check(Kind.LOCAL, NetworkGen.networks(), "user_learned", "user_learned(scale: 2.0)");
    }

    @Test
    void userRulesThatPoolAConvLayersOutputHaveTheDerivativesOfTheirLosses() {
        check(Kind.LOCAL, NetworkGen.convNetworks(), "user_pooled");
    }

    /** Checks generated networks under the rules; returns the kinds of forward ops the checked networks had. */
    private static Set<OpKind> check(final Kind kind, final Gen<NetworkGen.Network> networks, final String... rules) {
        return check(kind, false, networks, rules);
    }

    private static Set<OpKind> check(final Kind kind, final boolean dropout, final Gen<NetworkGen.Network> networks,
                                     final String... rules) {
        AtomicInteger skipped = new AtomicInteger();
        Set<OpKind> covered = java.util.EnumSet.noneOf(OpKind.class);
        qt().withFixedSeed(kind.ordinal() * 1000L + rules.length).withExamples(EXAMPLES).withShrinkCycles(20)
                .forAll(networks, integers().between(0, rules.length - 1), integers().between(0, 1_000_000))
                .checkAssert((network, rule, seed) -> {
                    String source = Pipeline.program(network.source() + USER_RULES, NetworkGen.NAME, rules[rule],
                            "sgd(0.01)", seed);
                    Pipeline p = Pipeline.of(source);
                    p.firstStepAlways = dropout;
                    Random r = new Random(seed);
                    Pipeline.Batch batch = awayFromKinks(p, r);
                    if (batch == null) {
                        skipped.incrementAndGet();
                        return;
                    }
                    List<String> problems = new ArrayList<>();
                    if (kind == Kind.FEEDBACK_ALIGNMENT) {
                        // Random feedback changes what goes down, never how the output layer descends its own loss.
                        for (String problem : FiniteDifferences.check(p, batch, p.outputLayer(),
                                q -> q.localLoss(q.outputLayer()), PER_PARAMETER, r)) {
                            problems.add(problem + " (of the output's loss, random feedback)");
                        }
                    }
                    prepare(kind, p);
                    forwardOps(p, covered);
                    for (String layer : p.layers()) {
                        assertEquals(parametersOf(p, layer), p.gradients(layer).keySet().stream().sorted().toList(),
                                "every parameter of " + layer + " gets an update\n" + source);
                        boolean ownLoss = kind == Kind.LOCAL || kind == Kind.SIGN_CONCORDANT
                                || layer.equals(p.outputLayer());
                        String objective = kind == Kind.HYBRID ? "all layers" : ownLoss ? layer : p.outputLayer();
                        ToDoubleFunction<Pipeline> loss = kind == Kind.HYBRID
                                ? q -> q.layers().stream().mapToDouble(q::localLoss).sum()
                                : q -> q.localLoss(objective);
                        for (String problem : FiniteDifferences.check(p, batch, layer, loss, PER_PARAMETER, r)) {
                            problems.add(problem + " (of the loss of " + objective + ")");
                        }
                    }
                    assertTrue(problems.isEmpty(),
                            rules[rule] + " on\n" + network + "\n" + String.join("\n", problems));
                });
        assertTrue(skipped.get() <= EXAMPLES / 5, skipped.get() + " of " + EXAMPLES
                + " networks could not be kept away from a kink: the check was not made often enough");
        return covered;
    }

    /** Draws minibatches until every value of the step is clear of the graph's kinks (null after 20 tries). */
    static Pipeline.Batch awayFromKinks(final Pipeline p, final Random r) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Pipeline.Batch b = Pipeline.Batch.random(r, p, BATCH);
            p.frozenStep(b);
            if (FiniteDifferences.distanceToKink(p) > FiniteDifferences.KINK_MARGIN) {
                return b;
            }
        }
        return null;
    }

    private static void forwardOps(final Pipeline p, final Set<OpKind> seen) {
        for (IrBlock b : p.graph.blocks()) {
            if (b.kind() == IrBlock.Kind.FORWARD) {
                b.ops().forEach(op -> seen.add(op.kind()));
            }
        }
    }

    private static List<String> parametersOf(final Pipeline p, final String layer) {
        return p.interpreter.parameterNames().stream().filter(n -> n.startsWith(layer + ".")).sorted().toList();
    }

    /** Makes the rules that do not descend a loss by design descend one, as the kind says. */
    static void prepare(final Kind kind, final Pipeline p) {
        if (kind == Kind.SIGN_CONCORDANT) {
            for (String layer : p.layers()) {
                if (!layer.equals(p.outputLayer())) {
                    Tensor f = p.fixed(layer, OpKind.SIGN_CONCORDANT);
                    double[] b = p.fixed(layer, OpKind.UNIFORM).data();
                    assertEquals(b.length, f.data().length);
                    System.arraycopy(b, 0, f.data(), 0, b.length);
                }
            }
        }
        if (kind == Kind.FEEDBACK_ALIGNMENT) {
            setFeedbackToWeights(p);
        }
    }

    /** Every feedback matrix (UNIFORM_LIKE in an INIT block) set to the values of the weight it stands for. */
    static void setFeedbackToWeights(final Pipeline p) {
        int set = 0;
        for (IrBlock b : p.graph.blocks()) {
            if (b.kind() != IrBlock.Kind.INIT) {
                continue;
            }
            for (IrOp op : b.ops()) {
                if (op.kind() == OpKind.UNIFORM_LIKE) {
                    String weight = op.output().name().replace(".feedback.", ".");
                    double[] w = p.interpreter.parameter(weight).data();
                    double[] f = p.interpreter.value(op.output()).data();
                    assertEquals(w.length, f.length, op + " has the shape of " + weight);
                    System.arraycopy(w, 0, f, 0, w.length);
                    set++;
                }
            }
        }
        // Every layer above a hidden layer has one weighted op per weight at least.
        assertTrue(set >= p.layers().size() - 1 || p.layers().size() == 1, "feedback matrices found: " + set);
    }
}
