package dev.locus.hw.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrNetwork;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Optimizer;
import dev.locus.compiler.ir.ParameterInit;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.TensorType;
import dev.locus.compiler.ir.Training;
import dev.locus.compiler.source.Span;
import dev.locus.hw.sim.Simulator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trainable local classifier (a PARAMETER of a hidden layer that only its update block reads,
 * as the language may add): it maps to a weight memory, a gradient and an update node of its own
 * layer, its product sits in the layer's local-error node, and nothing crosses layers.
 */
class LearnedClassifierTest {
    static final Span HERE = Span.synthetic("test");

    static IrGraph graph() {
        IrNetwork net = new IrNetwork("Net", 3, Shape.of(4), List.of(new IrNetwork.Layer("h", 0, false),
                new IrNetwork.Layer("out", 1, true)));
        IrGraph g = new IrGraph(net, new Training(new Optimizer.Sgd(0.1, 0, 0), 9, 2));
        IrValue images = g.addImages();
        IrValue labels = g.addLabels();
        IrValue w = g.addParameter("h", "weight", TensorType.single(Shape.of(4, 5)),
                new ParameterInit("he_uniform", 0, 4, 5));
        IrValue c = g.addParameter("h", "classifier", TensorType.single(Shape.of(5, 3)),
                new ParameterInit("uniform", 0.3, 5, 3));
        IrValue v = g.addParameter("out", "weight", TensorType.single(Shape.of(5, 3)),
                new ParameterInit("he_uniform", 0, 5, 3));
        TensorType hidden = TensorType.perSample(Shape.of(5));
        TensorType scores = TensorType.perSample(Shape.of(3));
        IrBlock hf = g.addBlock("h", 0, IrBlock.Kind.FORWARD);
        IrValue y = hf.op(OpKind.MATMUL, "h.y", hidden, List.of(images, w), HERE);
        IrValue r = hf.op(OpKind.RELU, "h.r", hidden, List.of(y), HERE);
        IrBlock of = g.addBlock("out", 1, IrBlock.Kind.FORWARD);
        IrValue o = of.op(OpKind.MATMUL, "out.o", scores, List.of(r, v), HERE);
        g.setPrediction(o);
        IrBlock ou = g.addBlock("out", 1, IrBlock.Kind.UPDATE);
        IrValue oneOut = ou.op(OpKind.CONST, "out.one", TensorType.scalar(), List.of(), new Attrs.Constant(1), HERE);
        IrValue go = ou.op(OpKind.CROSS_ENTROPY_GRAD, "out.g", scores, List.of(o, labels, oneOut), HERE);
        IrValue dv = ou.op(OpKind.MATMUL_GRAD_RIGHT, "out.dv", TensorType.single(Shape.of(5, 3)), List.of(r, go), HERE);
        ou.effect(OpKind.APPLY_UPDATE, List.of(v, dv), new Attrs.Update(g.training().optimizer()), HERE);
        IrBlock hu = g.addBlock("h", 0, IrBlock.Kind.UPDATE);
        IrValue s = hu.op(OpKind.MATMUL, "h.s", scores, List.of(r, c), HERE);
        IrValue loss = hu.op(OpKind.CROSS_ENTROPY, "h.loss", TensorType.scalar(), List.of(s, labels), HERE);
        g.setLocalLoss("h", loss);
        IrValue one = hu.op(OpKind.CONST, "h.one", TensorType.scalar(), List.of(), new Attrs.Constant(1), HERE);
        IrValue gs = hu.op(OpKind.CROSS_ENTROPY_GRAD, "h.gs", scores, List.of(s, labels, one), HERE);
        IrValue dc = hu.op(OpKind.MATMUL_GRAD_RIGHT, "h.dc", TensorType.single(Shape.of(5, 3)), List.of(r, gs), HERE);
        IrValue e = hu.op(OpKind.MATMUL_GRAD_LEFT, "h.e", hidden, List.of(gs, c), HERE);
        IrValue d = hu.op(OpKind.RELU_GRAD, "h.d", hidden, List.of(y, e), HERE);
        IrValue dw = hu.op(OpKind.MATMUL_GRAD_RIGHT, "h.dw", TensorType.single(Shape.of(4, 5)), List.of(images, d),
                HERE);
        hu.effect(OpKind.APPLY_UPDATE, List.of(w, dw), new Attrs.Update(g.training().optimizer()), HERE);
        hu.effect(OpKind.APPLY_UPDATE, List.of(c, dc), new Attrs.Update(g.training().optimizer()), HERE);
        return g;
    }

    @Test
    void aTrainableClassifierGetsAMemoryAGradientAndAnUpdateOfItsOwnLayer() {
        HwGraph g = GraphLowering.lower(graph(), "learned", Precision.FLOAT32);
        HwNode memory = g.node("h.classifier.memory");
        HwNode gradient = g.node("h.gradient.classifier");
        HwNode update = g.node("h.update.classifier");
        HwNode localError = g.node("h.local_error");
        for (HwNode n : List.of(memory, gradient, update, localError)) {
            assertEquals(0, n.layer(), n.toString());
        }
        assertTrue(g.edges().stream().anyMatch(e -> e.from() == memory && e.to() == localError
                && e.kind() == EdgeKind.WEIGHT), "the local error reads the classifier from its memory");
        assertTrue(g.edges().stream().anyMatch(e -> e.from() == update && e.to() == memory
                && e.kind() == EdgeKind.WRITE_BACK));
        // the error through the classifier is part of the local error, not a backward MVAU to the layer below
        assertTrue(g.nodes().stream().noneMatch(n -> n.kind() == NodeKind.BACKWARD_MVAU));
        assertTrue(g.crossLayerBackwardEdges().isEmpty());
        assertFalse(g.hasCycle());

        Simulator sim = new Simulator(g);
        float[] before = sim.parameter("h.classifier").clone();
        sim.trainStep(new float[] {1, -2, 0.5f, 3, 0, 1, -1, 2}, new int[] {2, 0}, 2);
        assertFalse(Arrays.equals(before, sim.parameter("h.classifier")), "the classifier learns");
    }

    /**
     * The language's `learned` tensors: each is a memory of its own layer, drawn into it once at
     * load (no draws, no bytes per sample), with its gradient and update beside it, and no edge
     * crosses layers.
     */
    @Test
    void aLearnedTensorOfTheLanguageIsAMemoryOfItsLayerFilledOnceAtLoad() {
        IrGraph ir = dev.locus.hw.Programs.ir(dev.locus.hw.Programs.LEARNED_RULE
                + dev.locus.hw.Programs.mlp(2, 16, "learned_classifier"));
        HwGraph g = GraphLowering.lower(ir, "learned_classifier", Precision.FLOAT32);
        for (String layer : List.of("h1", "h2")) {
            HwNode memory = g.node(layer + ".learned.C.memory");
            assertEquals(NodeKind.WEIGHT_MEMORY, memory.kind());
            assertEquals(ir.layerIndex(layer), memory.layer());
            assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.UPDATE && n.layer() == memory.layer()
                    && n.name().endsWith("learned.C")), layer + ": no update node of its learned C");
            for (HwEdge e : g.edges()) {
                if (e.to() == memory && e.from().kind() == NodeKind.CLASSIFIER_GENERATOR) {
                    assertEquals(0.0, e.bytesPerSample(), layer + ": the first value costs nothing per sample");
                }
            }
        }
        for (HwEdge e : g.edges()) {
            assertFalse(e.from().layer() > e.to().layer() && e.to().layer() >= 0, "an edge goes down: " + e);
        }
    }
}
