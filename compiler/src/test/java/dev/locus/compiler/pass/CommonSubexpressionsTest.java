package dev.locus.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Common subexpression elimination: under feedback alignment the error sent down takes a
 * differentiation pass of its own, which recomputes gradients the layer's own pass has; the pass
 * merges them, and training gives bit for bit the same parameters with and without it.
 */
class CommonSubexpressionsTest {
    private static final String NETWORK = """
            network Net {
                input image : [2, 6, 6]
                classes 3
                layer c1 = conv2d(3, kernel: 3, pad: 1) -> batchnorm -> relu -> maxpool(2)
                layer fc1 = flatten -> dense(6) -> tanh -> dropout(0.25)
                layer fc2 = dense(5) -> leaky_relu
                output out = dense(classes)
            }
            """;

    private static TrainingPlan plan(final String rule, final String optimizer) {
        String text = NETWORK + "train Net { data idx(images: \"a\", labels: \"b\", test_images: \"c\", "
                + "test_labels: \"d\") rule " + rule + " optimizer " + optimizer + " seed 5 }\n";
        Diagnostics d = new Diagnostics();
        return FrontEnd.check(Path.of("cse.locus"), text, d).orElseThrow(() -> new AssertionError(d.all().toString()))
                .plans().get(0);
    }

    /** The pure ops of a block that compute what an earlier op of the block computes. */
    private static int duplicates(final IrGraph graph) {
        int n = 0;
        for (IrBlock b : graph.blocks()) {
            Set<List<Object>> seen = new HashSet<>();
            for (IrOp op : b.ops()) {
                if (op.kind().pure() && !seen.add(List.of(op.kind(), op.inputs(), op.attrs(), op.output().type()))) {
                    n++;
                }
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"feedback_alignment", "feedback_alignment(scale: 0.5)"})
    void theFeedbackAlignmentGraphShrinksAndNoDuplicateIsLeft(final String rule) {
        TrainingPlan plan = plan(rule, "sgd(0.1)");
        IrGraph lowered = Compilation.lower(plan, PassManager.none());
        IrGraph merged = Compilation.lower(plan, PassManager.standard());
        assertTrue(duplicates(lowered) > 0, "the second differentiation pass recomputes gradients:\n" + lowered.dump());
        assertEquals(0, duplicates(merged), merged.dump());
        // Merging an op's inputs can make it a duplicate in turn: at least the direct duplicates go.
        assertTrue(lowered.opCount() - merged.opCount() >= duplicates(lowered),
                lowered.opCount() + " ops before, " + merged.opCount() + " after");
        // fc2's own pass and the pass down both start from the loss's gradient: one is left.
        assertEquals(1, count(merged, "out", OpKind.CROSS_ENTROPY_GRAD));
        assertEquals(2, count(lowered, "out", OpKind.CROSS_ENTROPY_GRAD));
    }

    private static long count(final IrGraph graph, final String layer, final OpKind kind) {
        return graph.block(layer, IrBlock.Kind.UPDATE).ops().stream().filter(o -> o.kind() == kind).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"feedback_alignment|sgd(0.1, momentum: 0.9, weight_decay: 0.001)",
            "feedback_alignment(scale: 0.5)|adam(0.01)", "backprop|adam(0.01)", "local_error|sgd(0.1)",
            "local_error_sc|adam(0.01)"})
    void trainingIsBitForBitTheSameWithAndWithoutThePass(final String ruleAndOptimizer) {
        String[] parts = ruleAndOptimizer.split("\\|");
        TrainingPlan plan = plan(parts[0], parts[1]);
        Interpreter without = new Interpreter(Compilation.lower(plan, PassManager.none()));
        Interpreter with = new Interpreter(Compilation.lower(plan, PassManager.standard()));
        Random r = new Random(17);
        for (int step = 0; step < 5; step++) {
            double[] images = new double[4 * 72];
            for (int i = 0; i < images.length; i++) {
                images[i] = r.nextGaussian();
            }
            int[] labels = {r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3)};
            without.step(images, labels, 4, Mode.TRAINING);
            with.step(images, labels, 4, Mode.TRAINING);
            for (String layer : without.layers()) {
                assertEquals(without.localLoss(layer), with.localLoss(layer), layer + " at step " + step);
            }
        }
        for (String name : without.parameterNames()) {
            assertArrayEquals(without.parameter(name).data(), with.parameter(name).data(), name);
        }
        List<IrValue> states = without.graph().states();
        List<IrValue> mergedStates = with.graph().states();
        assertEquals(states.size(), mergedStates.size());
        for (int i = 0; i < states.size(); i++) {
            assertEquals(states.get(i).name(), mergedStates.get(i).name());
            assertArrayEquals(without.state(states.get(i)).data(), with.state(mergedStates.get(i)).data(),
                    states.get(i).name());
        }
    }
}
