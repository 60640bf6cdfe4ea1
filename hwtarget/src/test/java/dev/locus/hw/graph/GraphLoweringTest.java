package dev.locus.hw.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.ValueRole;
import dev.locus.hw.Programs;
import dev.locus.runtime.LocusException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphLoweringTest {

    @Test
    void everyOpOfEveryBlockBelongsToExactlyOneNode() {
        for (String rule : List.of("local_error", "local_error_sc", "feedback_alignment", "backprop")) {
            IrGraph ir = Programs.ir(Programs.branches(rule));
            HwGraph g = GraphLowering.lower(ir, rule, Precision.FLOAT32);
            Map<IrOp, HwNode> owner = new IdentityHashMap<>();
            for (HwNode n : g.nodes()) {
                for (IrOp op : n.ops()) {
                    assertTrue(owner.put(op, n) == null, rule + ": " + op + " in two nodes");
                }
            }
            for (IrBlock b : ir.blocks()) {
                for (IrOp op : b.ops()) {
                    assertTrue(owner.containsKey(op), rule + ": " + op + " has no node");
                    assertEquals(b.layerIndex(), owner.get(op).layer(), rule + ": " + op + " in another layer's node");
                }
            }
            assertFalse(g.hasCycle(), rule);
        }
    }

    @Test
    void aLocalRuleHasNoEdgeDownAndBackpropSendsTheErrorThroughTheWeights() {
        HwGraph local = Programs.hw(Programs.mlp(3, 16, "local_error"));
        assertTrue(local.crossLayerBackwardEdges().isEmpty(), local.crossLayerBackwardEdges().toString());
        HwGraph bp = Programs.hw(Programs.mlp(3, 16, "backprop"));
        assertEquals(3, bp.crossLayerBackwardEdges().size(), bp.crossLayerBackwardEdges().toString());
        for (HwEdge e : bp.crossLayerBackwardEdges()) {
            assertEquals(NodeKind.BACKWARD_MVAU, e.from().kind());
            assertEquals(e.from().layer() - 1, e.to().layer());
            assertEquals(16 * 4, e.bytesPerSample(), 0, "one float per unit of the layer below");
        }
        assertEquals(3 * 16 * 4, bp.crossLayerBackwardBytesPerSample(), 0);
    }

    @Test
    void eachLayerHasItsUnitsAndEachParameterItsMemoryGradientAndUpdate() {
        HwGraph g = Programs.hw(Programs.mlp(2, 16, "local_error"));
        for (String layer : List.of("h1", "h2")) {
            List<NodeKind> kinds = g.nodes().stream().filter(n -> n.layerName().equals(layer)).map(HwNode::kind)
                    .toList();
            for (NodeKind k : List.of(NodeKind.MVAU, NodeKind.LOCAL_ERROR, NodeKind.CLASSIFIER_GENERATOR,
                    NodeKind.BACKWARD, NodeKind.GRADIENT, NodeKind.UPDATE, NodeKind.WEIGHT_MEMORY,
                    NodeKind.ACTIVATION_BUFFER)) {
                assertTrue(kinds.contains(k), layer + " lacks " + k + ": " + kinds);
            }
        }
        for (var p : g.ir().parameters()) {
            HwNode memory = g.node(p.name() + ".memory");
            String shortName = p.name().substring(p.layer().length() + 1);
            HwNode update = g.node(p.layer() + ".update." + shortName);
            HwNode gradient = g.node(p.layer() + ".gradient." + shortName);
            assertEquals(memory.layer(), update.layer());
            assertTrue(g.edges().stream().anyMatch(e -> e.from() == gradient && e.to() == update
                    && e.kind() == EdgeKind.GRADIENT));
            assertTrue(g.edges().stream().anyMatch(e -> e.from() == update && e.to() == memory
                    && e.kind() == EdgeKind.WRITE_BACK));
        }
        // the classifier is drawn, never stored: no memory holds a fixed tensor
        assertTrue(g.nodes().stream().flatMap(n -> n.held().stream()).noneMatch(v -> v.role() == ValueRole.FIXED));
    }

    @Test
    void aConvolutionIsASlidingWindowFeedingAnMvau() {
        HwGraph g = Programs.hw(Programs.branches("local_error"));
        HwNode window = g.node("wide.sliding_window");
        HwNode mvau = g.node("wide.mvau");
        HwEdge into = g.edges().stream().filter(e -> e.from() == window && e.to() == mvau).findFirst().orElseThrow();
        assertEquals(9L * 28 * 28, (long) into.elementsPerSample(), "a 3x3 window of 1 channel per output pixel");
        assertEquals(new MatrixShape(4, 9, 784), mvau.matrices().get(0));
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.CONCAT));
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.POOL));
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.DROPOUT_GENERATOR));
    }

    @Test
    void anOpNoUnitComputesIsAnErrorAtItsLine() {
        String source = Programs.mlp(2, 8, "local_error").replace("dense(8) -> relu\n    layer  h2",
                "dense(8) -> batchnorm -> relu\n    layer  h2");
        LocusException e = assertThrows(LocusException.class, () -> Programs.hw(source));
        assertTrue(e.getMessage().startsWith("test.locus:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("batchnorm has no hardware node"), e.getMessage());
    }
}
