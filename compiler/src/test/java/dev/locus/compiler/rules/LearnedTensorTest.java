package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.locality.LocalityCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A rule's `learned` tensors: they start as the `fixed` tensor of the same name and expression
 * would (the same draw), training moves them while fixed tensors stay as drawn, each gets its
 * own optimizer step in its layer's update block, and a rule of learned classifiers is local.
 * On a dense network and on a conv network whose classifier reads its output average-pooled.
 */
class LearnedTensorTest {
    private static final String DENSE = """
            network Dense {
                input  x : [12]
                classes 4
                layer  fc1 = dense(8) -> relu
                layer  fc2 = dense(6) -> tanh
                output out = dense(classes)
            }
            """;

    /** The pooling the issue asks for: `avgpool(layer.out, k)`, flattened, then a learned C. */
    private static final String CONV = """
            network Conv {
                input  image : [1, 8, 8]
                classes 4
                layer  c1  = conv2d(3, kernel: 3, pad: 1) -> relu -> maxpool(2)
                layer  c2  = conv2d(4, kernel: 3, pad: 1) -> relu
                output out = flatten -> dense(classes)
            }
            """;

    /** Beside each learned C, a fixed B of the same expression under the name the learned one has elsewhere. */
    private static final String RULES = """
            rule both(size = 1) {
                hidden {
                    let x = flatten(avgpool(layer.out, size))
                    fixed B = uniform(features(x), classes, 1.0 / sqrt(features(x)))
                    learned C = uniform(features(x), classes, 1.0 / sqrt(features(x)))
                    minimize cross_entropy(x @ C, label) + mse(x @ B, label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }

            rule fixed_only(size = 1) {
                hidden {
                    let x = flatten(avgpool(layer.out, size))
                    fixed C = uniform(features(x), classes, 1.0 / sqrt(features(x)))
                    minimize cross_entropy(x @ C, label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    private static final String DENSE_RULES = RULES.replace("flatten(avgpool(layer.out, size))", "flatten(layer.out)");

    @Test
    void aLearnedClassifierStartsAsTheFixedOneWouldAndTrainingMovesItButNotTheFixedOne() {
        check(DENSE + DENSE_RULES, "Dense", "both", "fixed_only");
        check(CONV + RULES, "Conv", "both(size: 2)", "fixed_only(size: 2)");
    }

    private static void check(final String source, final String network, final String both, final String fixedOnly) {
        Pipeline learned = Pipeline.of(Pipeline.program(source, network, both, "adam(lr: 0.01)", 5));
        Pipeline fixed = Pipeline.of(Pipeline.program(source, network, fixedOnly, "adam(lr: 0.01)", 5));
        List<String> hidden = learned.layers().subList(0, learned.layers().size() - 1);
        for (String layer : hidden) {
            // The same key (seed, layer, "C") and expression: the learned C starts as fixed C is drawn.
            double[] first = learned.interpreter.parameter(layer + ".learned.C").data().clone();
            assertArrayEquals(drawn(fixed, layer, "C"), first, layer);
            assertFalse(Arrays.equals(first, drawn(learned, layer, "B")), "B and C are drawn from their own keys");
        }
        double[][] before = new double[hidden.size()][];
        double[][] fixedBefore = new double[hidden.size()][];
        for (int i = 0; i < hidden.size(); i++) {
            before[i] = learned.interpreter.parameter(hidden.get(i) + ".learned.C").data().clone();
            fixedBefore[i] = drawn(learned, hidden.get(i), "B");
        }
        Random r = new Random(3);
        for (int step = 0; step < 5; step++) {
            Pipeline.Batch b = Pipeline.Batch.random(r, learned, 4);
            learned.interpreter.step(b.images(), b.labels(), b.size(), Mode.TRAINING);
        }
        for (int i = 0; i < hidden.size(); i++) {
            String layer = hidden.get(i);
            double[] after = learned.interpreter.parameter(layer + ".learned.C").data();
            assertFalse(Arrays.equals(before[i], after), layer + ".learned.C did not move in 5 steps");
            assertTrue(Arrays.stream(after).allMatch(Double::isFinite), layer);
            assertArrayEquals(fixedBefore[i], drawn(learned, layer, "B"), layer + ".B is fixed: it must not move");
        }
        for (String layer : hidden) {
            IrValue c = learned.graph.parameters().stream().filter(p -> p.name().equals(layer + ".learned.C"))
                    .findFirst().orElseThrow();
            assertTrue(learned.graph.isLearned(c), c.toString());
            // Updated once, in its own layer's update block, with Adam's state of its own.
            long updates = learned.graph.block(layer, IrBlock.Kind.UPDATE).ops().stream()
                    .filter(op -> op.kind() == OpKind.APPLY_UPDATE && op.input(0) == c).count();
            assertEquals(1, updates, layer);
            assertEquals(3, learned.graph.states().stream().filter(s -> s.stateOf() == c).count(), layer);
            for (IrBlock other : learned.graph.blocks()) {
                if (!other.layer().equals(layer)) {
                    assertTrue(other.ops().stream().noneMatch(op -> op.inputs().contains(c)),
                            other + " reads " + c);
                }
            }
        }
        assertTrue(LocalityCheck.analyze(learned.graph).isLocal(), "a rule of learned classifiers is local");
    }

    /** The value of the layer's INIT block op that draws the tensor of key {@code name}. */
    private static double[] drawn(final Pipeline p, final String layer, final String name) {
        for (IrOp op : p.graph.block(layer, IrBlock.Kind.INIT).ops()) {
            if (op.kind() == OpKind.UNIFORM && op.attrs(dev.locus.compiler.ir.Attrs.Draw.class).key().equals(name)) {
                return p.interpreter.value(op.output()).data().clone();
            }
        }
        throw new AssertionError(layer + " draws no " + name);
    }
}
