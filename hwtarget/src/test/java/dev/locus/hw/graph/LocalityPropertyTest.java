package dev.locus.hw.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.hw.NetworkGen;
import dev.locus.hw.Programs;
import dev.locus.hw.sim.CostTable;
import dev.locus.hw.sim.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Over generated networks: local rules send nothing down a layer; backprop does, and the report counts it. */
class LocalityPropertyTest {
    /** Rules without `propagate`, the standard ones and a user's. */
    static final List<String> LOCAL = List.of("local_error", "local_error_sc", "local_error(loss: mse, scale: 2.0)",
            "softmax_mse");

    static final String SOFTMAX_MSE = """

            rule softmax_mse(scale = 1.0) {
                hidden {
                    fixed B = normal(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    let scores = flatten(layer.out) @ B
                    let error = softmax(scores) - onehot(label, classes)
                    minimize mean(error * error)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    @Test
    void underALocalRuleNoEdgeGoesFromALayerToAnEarlierOne() {
        qt().withFixedSeed(101).withExamples(30).forAll(NetworkGen.networks(), integers().between(0, LOCAL.size() - 1))
                .checkAssert((net, r) -> {
                    HwGraph g = Programs.hw(net.source(LOCAL.get(r)) + SOFTMAX_MSE);
                    for (HwEdge e : g.edges()) {
                        assertTrue(e.from().layer() <= e.to().layer() || e.from().layer() < 0
                                || e.kind() == EdgeKind.WRITE_BACK, e.from() + " -> " + e.to());
                    }
                    assertTrue(g.crossLayerBackwardEdges().isEmpty());
                    assertEquals(0, Profile.of(g, MemoryLevel.DEFAULT_SRAM_BYTES, CostTable.horowitz45())
                            .crossLayerBackwardBytes());
                });
    }

    @Test
    void underBackpropEachHiddenLayerGetsItsErrorFromTheLayerAboveAndTheReportCountsIt() {
        qt().withFixedSeed(102).withExamples(30).forAll(NetworkGen.networks()).checkAssert(net -> {
            HwGraph g = Programs.hw(net.source("backprop"));
            List<HwEdge> down = g.crossLayerBackwardEdges();
            assertEquals(net.hidden(), down.size(), down.toString());
            double bytes = 0;
            for (int layer = 0; layer < net.hidden(); layer++) {
                final int l = layer;
                HwEdge e = down.stream().filter(d -> d.to().layer() == l).findFirst().orElseThrow();
                assertEquals(l + 1, e.from().layer());
                // the error is the size of the layer's output
                long out = g.ir().blocks().stream().filter(b -> b.layerIndex() == l
                        && b.kind() == dev.locus.compiler.ir.IrBlock.Kind.FORWARD)
                        .map(b -> b.ops().get(b.ops().size() - 1).output().type().shape().size()).findFirst()
                        .orElseThrow();
                assertEquals(out * 4, e.bytesPerSample(), 0, e.toString());
                bytes += e.bytesPerSample();
            }
            Profile p = Profile.of(g, MemoryLevel.DEFAULT_SRAM_BYTES, CostTable.horowitz45());
            assertEquals(bytes, p.crossLayerBackwardBytes(), 0);
        });
    }
}
