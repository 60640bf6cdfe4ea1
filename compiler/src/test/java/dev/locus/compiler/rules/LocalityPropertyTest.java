package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.check.CheckedLayer;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.locality.Edge;
import dev.locus.compiler.locality.LocalityCheck;
import dev.locus.compiler.locality.LocalityReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Locality both ways, on generated networks. In the IR: the locality check proves the local
 * rules local and finds, under backprop and feedback alignment, exactly the backward edges the
 * network's wiring implies (the error of every layer that reads a hidden layer into that layer's
 * update, and the weights the error went through on its way down). In numbers: moving the parameters and fixed tensors of the layers above layer k
 * leaves k's gradients unchanged, bit for bit, under a local rule, and changes them under backprop.
 */
class LocalityPropertyTest {
    private static final List<String> LOCAL = List.of("local_error", "local_error(loss: mse)",
            "local_error_sc(loss: square_hinge)", "local_error_sc", "user_arith", "user_sign", "user_scope", "user_learned",
            "user_learned(scale: 2.0)");
    private static final List<String> NOT_LOCAL = List.of("backprop", "backprop(loss: mse)", "feedback_alignment",
            "feedback_alignment(scale: 2.0)", "user_hybrid");

    private static Pipeline pipeline(final NetworkGen.Network network, final String rule, final int seed) {
        return Pipeline.of(Pipeline.program(network.source() + RuleGradientTest.USER_RULES, NetworkGen.NAME, rule,
                "sgd(0.01)", seed));
    }

    @Test
    void theCheckProvesTheLocalRulesLocal() {
        qt().withFixedSeed(11).withExamples(100).forAll(NetworkGen.networks(), integers().between(0, LOCAL.size() - 1))
                .checkAssert((network, rule) -> {
                    LocalityReport report = LocalityCheck.analyze(pipeline(network, LOCAL.get(rule), 1).graph);
                    assertTrue(report.isLocal(), LOCAL.get(rule) + " has backward edges " + report.edges());
                });
    }

    @Test
    void theCheckFindsEveryBackwardEdgeOfBackpropAndFeedbackAlignment() {
        qt().withFixedSeed(12).withExamples(100)
                .forAll(NetworkGen.networks(), integers().between(0, NOT_LOCAL.size() - 1))
                .checkAssert((network, rule) -> {
                    Pipeline p = pipeline(network, NOT_LOCAL.get(rule), 1);
                    LocalityReport report = LocalityCheck.analyze(p.graph);
                    Set<String> found = new TreeSet<>();
                    for (Edge e : report.edges()) {
                        assertEquals(IrBlock.Kind.UPDATE, e.reader().kind(), e.toString());
                        assertTrue(e.sourceIndex() > e.reader().layerIndex(), e.toString());
                        found.add(edge(e.source(), e.reader().layer(), e.kind(),
                                e.kind() == Edge.Kind.WEIGHT ? e.values().stream().map(IrValue::name).toList() : null));
                    }
                    boolean transpose = !NOT_LOCAL.get(rule).startsWith("feedback_alignment");
                    assertEquals(expectedEdges(p, transpose), found, NOT_LOCAL.get(rule) + " on\n" + network);
                    assertTrue(!report.isLocal());
                });
    }

    private static String edge(final String from, final String to, final Edge.Kind kind, final List<String> weights) {
        return from + " -> " + to + " " + kind + (weights == null ? "" : " " + weights);
    }

    /**
     * From the network's wiring alone: an error edge into each hidden layer from each layer that
     * reads its output; and beside it a weight edge for the parameters of the reading layer that
     * scale the error on its way down, in the order the layer declares them: its dense and conv
     * weights under `transpose` (not under random feedback, which replaces them), and the scale
     * of each batchnorm always (no rule replaces it).
     */
    private static Set<String> expectedEdges(final Pipeline p, final boolean transpose) {
        List<CheckedLayer> layers = p.plan.network().layers();
        Set<String> edges = new TreeSet<>();
        for (int j = 0; j < layers.size(); j++) {
            List<String> inputs = layers.get(j).from().isEmpty()
                    ? List.of(j == 0 ? p.plan.network().inputName() : layers.get(j - 1).name())
                    : layers.get(j).from();
            String above = layers.get(j).name();
            List<String> weights = new ArrayList<>();
            for (IrOp op : p.graph.block(above, IrBlock.Kind.FORWARD).ops()) {
                boolean weighted = op.kind() == OpKind.MATMUL || op.kind() == OpKind.CONV2D;
                if (weighted && transpose || op.kind() == OpKind.BATCHNORM) {
                    weights.add(op.input(1).name());
                }
            }
            for (String in : inputs) {
                boolean hidden = layers.stream().anyMatch(l -> l.name().equals(in) && !l.output());
                if (hidden) {
                    edges.add(edge(above, in, Edge.Kind.ERROR, null));
                    if (!weights.isEmpty()) {
                        edges.add(edge(above, in, Edge.Kind.WEIGHT, weights));
                    }
                }
            }
        }
        // Every hidden layer is read by some layer above it, so every one of them gets an edge.
        for (CheckedLayer l : p.plan.network().hiddenLayers()) {
            assertTrue(edges.stream().anyMatch(e -> e.contains(" -> " + l.name() + " ")), l.name() + " in " + edges);
        }
        if (transpose) {
            // Every generated layer has a dense or conv weight: backprop transports weights into every hidden layer.
            for (CheckedLayer l : p.plan.network().hiddenLayers()) {
                assertTrue(edges.stream().anyMatch(e -> e.contains(" -> " + l.name() + " WEIGHT")),
                        l.name() + " in " + edges);
            }
        }
        return edges;
    }

    @Test
    void underALocalRuleTheLayersAboveCannotChangeALayersUpdate() {
        qt().withFixedSeed(13).withExamples(80).forAll(NetworkGen.networks(), integers().between(0, LOCAL.size() - 1),
                integers().between(0, 1_000_000)).checkAssert((network, rule, seed) -> {
                    Pipeline p = pipeline(network, LOCAL.get(rule), seed);
                    Random r = new Random(seed);
                    Pipeline.Batch batch = Pipeline.Batch.random(r, p, 4);
                    for (int k = 0; k < p.layers().size() - 1; k++) {
                        p.frozenStep(batch);
                        Map<String, double[]> before = p.allGradients();
                        disturbAbove(p, k, r);
                        p.frozenStep(batch);
                        Map<String, double[]> after = p.allGradients();
                        for (int i = 0; i <= k; i++) {
                            for (String name : p.gradients(p.layers().get(i)).keySet()) {
                                assertArrayEquals(before.get(name), after.get(name), name + " under " + LOCAL.get(rule)
                                        + " moved when the layers above " + p.layers().get(k) + " changed\n" + network);
                            }
                        }
                    }
                });
    }

    @Test
    void underBackpropAndFeedbackAlignmentTheLayersAboveChangeEveryLayersUpdate() {
        AtomicInteger compared = new AtomicInteger();
        AtomicInteger silent = new AtomicInteger();
        qt().withFixedSeed(14).withExamples(80).forAll(NetworkGen.networks(), integers().between(0, 1),
                integers().between(0, 1_000_000)).checkAssert((network, rule, seed) -> {
                    Pipeline p = pipeline(network, rule == 0 ? "backprop" : "feedback_alignment", seed);
                    Random r = new Random(seed);
                    Pipeline.Batch batch = Pipeline.Batch.random(r, p, 4);
                    for (int k = 0; k < p.layers().size() - 1; k++) {
                        String layer = p.layers().get(k);
                        p.frozenStep(batch);
                        Map<String, double[]> before = p.gradients(layer);
                        disturbAbove(p, k, r);
                        p.frozenStep(batch);
                        Map<String, double[]> after = p.gradients(layer);
                        if (before.values().stream().allMatch(LocalityPropertyTest::zero)
                                && after.values().stream().allMatch(LocalityPropertyTest::zero)) {
                            // No error reaches the layer (every unit above it dead, say): nothing can change it.
                            silent.incrementAndGet();
                            continue;
                        }
                        compared.incrementAndGet();
                        boolean changed = before.keySet().stream()
                                .anyMatch(n -> !Arrays.equals(before.get(n), after.get(n)));
                        assertTrue(changed, layer + "'s gradients ignored the layers above\n" + network);
                    }
                });
        assertTrue(silent.get() * 5 <= compared.get(), silent + " layers got no error at all, " + compared
                + " were compared: too few comparisons");
    }

    private static boolean zero(final double[] v) {
        return Arrays.stream(v).allMatch(x -> x == 0);
    }

    /** Adds noise to every parameter (learned tensors included) and fixed tensor of the layers after index k. */
    private static void disturbAbove(final Pipeline p, final int k, final Random r) {
        for (int i = k + 1; i < p.layers().size(); i++) {
            String layer = p.layers().get(i);
            for (String name : p.interpreter.parameterNames()) {
                if (name.startsWith(layer + ".")) {
                    noise(p.interpreter.parameter(name).data(), r);
                }
            }
            IrBlock init = p.graph.block(layer, IrBlock.Kind.INIT);
            if (init != null) {
                for (IrOp op : init.ops()) {
                    if (op.output() != null) { // INIT_PARAMETER sets a learned tensor, disturbed with the parameters
                        noise(p.interpreter.value(op.output()).data(), r);
                    }
                }
            }
        }
    }

    private static void noise(final double[] v, final Random r) {
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.5 * r.nextGaussian();
        }
    }
}
