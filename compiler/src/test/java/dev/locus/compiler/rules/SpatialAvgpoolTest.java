package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.locality.LocalityCheck;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * `spatial_avgpool(t, size)`: one rule for a network of conv and dense hidden layers. A conv
 * layer's classifier reads its output average-pooled exactly as under `avgpool`; a dense layer's
 * reads its output as it is (no op runs). The classifier's size follows (`features` of the pooled
 * value), a learned classifier trains with its layer, and the rule stays local. Its errors (a
 * value of another rank, a size larger than the image) are in the corpus of wrong programs
 * (rule_shape_spatial_pool_rank, rule_shape_spatial_pool_too_large).
 */
class SpatialAvgpoolTest {
    /** A conv layer [3, 8, 8], then a dense hidden layer [6]. */
    private static final String MIXED = """
            network Mixed {
                input  image : [1, 8, 8]
                classes 4
                layer  c1  = conv2d(3, kernel: 3, pad: 1) -> relu
                layer  fc1 = flatten -> dense(6) -> relu
                output out = dense(classes)
            }
            """;

    private static final String CONV = """
            network Conv {
                input  image : [1, 8, 8]
                classes 4
                layer  c1  = conv2d(3, kernel: 3, pad: 1) -> relu
                layer  c2  = conv2d(2, kernel: 3) -> relu
                output out = flatten -> dense(classes)
            }
            """;

    private static final String RULES = """
            rule pooled_local_error(size = 2) {
                hidden {
                    let pooled = flatten(spatial_avgpool(layer.out, size))
                    fixed B = uniform(features(pooled), classes, 1.0 / sqrt(features(pooled)))
                    minimize cross_entropy(pooled @ B, label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }

            rule pooled_learned(size = 2) {
                hidden {
                    let pooled = flatten(spatial_avgpool(layer.out, size))
                    learned C = uniform(features(pooled), classes, 1.0 / sqrt(features(pooled)))
                    minimize cross_entropy(pooled @ C, label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    private static Pipeline pipeline(final String network, final String name, final String rules, final String rule) {
        return Pipeline.of(Pipeline.program(network + rules, name, rule, "sgd(lr: 0.1)", 7));
    }

    @Test
    void aConvLayersClassifierReadsItsPooledOutputAndADenseLayersItsOutputAsItIs() {
        Pipeline p = pipeline(MIXED, "Mixed", RULES, "pooled_local_error");
        // c1: [3, 8, 8] pooled by 2 is [3, 4, 4], 48 features; fc1: [6] unchanged, 6 features.
        assertEquals("[48, 4]", drawnB(p, "c1").type().shape().toString());
        assertEquals("[6, 4]", drawnB(p, "fc1").type().shape().toString());
        List<IrOp> pools = ops(p, "c1", OpKind.AVGPOOL);
        assertEquals(1, pools.size(), pools.toString());
        assertEquals(new Attrs.Pool(2, 2), pools.get(0).attrs(Attrs.Pool.class));
        assertEquals("[3, 4, 4]", pools.get(0).output().type().shape().toString());
        assertTrue(pools.get(0).output().type().batched());
        assertEquals(List.of(), ops(p, "fc1", OpKind.AVGPOOL), "a vector is not pooled");

        Pipeline learned = pipeline(MIXED, "Mixed", RULES, "pooled_learned(size: 4)");
        assertEquals("[12, 4]", parameter(learned, "c1.learned.C").type().shape().toString());
        assertEquals("[6, 4]", parameter(learned, "fc1.learned.C").type().shape().toString());
    }

    @Test
    void onAConvNetworkItTrainsExactlyAsAvgpoolDoes() {
        String avgpool = RULES.replace("spatial_avgpool(", "avgpool(");
        for (String rule : List.of("pooled_local_error", "pooled_learned(size: 3)")) {
            Pipeline spatial = pipeline(CONV, "Conv", RULES, rule);
            Pipeline plain = pipeline(CONV, "Conv", avgpool, rule);
            Random r = new Random(5);
            for (int step = 0; step < 3; step++) {
                Pipeline.Batch b = Pipeline.Batch.random(r, spatial, 4);
                spatial.interpreter.step(b.images(), b.labels(), b.size(), Mode.TRAINING);
                plain.interpreter.step(b.images(), b.labels(), b.size(), Mode.TRAINING);
                for (String layer : spatial.layers()) {
                    assertEquals(plain.localLoss(layer), spatial.localLoss(layer), rule + " " + layer);
                }
            }
            assertSameValues(plain.parameters(), spatial.parameters(), rule);
        }
    }

    @Test
    void onADenseLayerItIsTheLayersOwnOutput() {
        // fc1's gradients depend on fc1's section alone (the rule is local): equal to those of the
        // same rule reading flatten(layer.out), whose B is drawn from the same key.
        String unpooled = RULES.replace("flatten(spatial_avgpool(layer.out, size))", "flatten(layer.out)");
        Pipeline spatial = pipeline(MIXED, "Mixed", RULES, "pooled_local_error");
        Pipeline plain = pipeline(MIXED, "Mixed", unpooled, "pooled_local_error");
        Pipeline.Batch b = Pipeline.Batch.random(new Random(2), spatial, 4);
        spatial.frozenStep(b);
        plain.frozenStep(b);
        assertEquals(plain.localLoss("fc1"), spatial.localLoss("fc1"));
        assertSameValues(plain.gradients("fc1"), spatial.gradients("fc1"), "fc1");
        assertFalse(plain.localLoss("c1") == spatial.localLoss("c1"), "c1 reads its output pooled, not as it is");
    }

    @Test
    void bothRulesAreLocalAndALearnedClassifierTrainsWithEachKindOfLayer() {
        for (String rule : List.of("pooled_local_error", "pooled_learned")) {
            Pipeline p = pipeline(MIXED, "Mixed", RULES, rule);
            assertTrue(LocalityCheck.analyze(p.graph).isLocal(), rule + " is local");
        }
        Pipeline p = pipeline(MIXED, "Mixed", RULES, "pooled_learned");
        double[] c1 = p.interpreter.parameter("c1.learned.C").data().clone();
        double[] fc1 = p.interpreter.parameter("fc1.learned.C").data().clone();
        Random r = new Random(4);
        for (int step = 0; step < 3; step++) {
            Pipeline.Batch b = Pipeline.Batch.random(r, p, 4);
            p.interpreter.step(b.images(), b.labels(), b.size(), Mode.TRAINING);
        }
        assertFalse(java.util.Arrays.equals(c1, p.interpreter.parameter("c1.learned.C").data()), "c1.learned.C");
        assertFalse(java.util.Arrays.equals(fc1, p.interpreter.parameter("fc1.learned.C").data()), "fc1.learned.C");
    }

    private static void assertSameValues(final Map<String, double[]> expected, final Map<String, double[]> actual,
                                         final String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), what + " " + name));
    }

    /** The fixed B a layer's INIT block draws. */
    private static IrValue drawnB(final Pipeline p, final String layer) {
        return p.graph.block(layer, IrBlock.Kind.INIT).ops().stream()
                .filter(op -> op.kind() == OpKind.UNIFORM && op.attrs(Attrs.Draw.class).key().equals("B"))
                .map(IrOp::output).findFirst().orElseThrow(() -> new AssertionError(layer + " draws no B"));
    }

    private static IrValue parameter(final Pipeline p, final String name) {
        return p.graph.parameters().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name));
    }

    private static List<IrOp> ops(final Pipeline p, final String layer, final OpKind kind) {
        return p.graph.blocks().stream().filter(b -> b.layer().equals(layer)).flatMap(b -> b.ops().stream())
                .filter(op -> op.kind() == kind).toList();
    }
}
