package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where values live: which ops write over their input, and which activations fuse into a bias addition. */
class BufferPlanTest {

    private static String network(final String layers) {
        return String.join("\n",
            "network Net {",
            "    input  image : [1, 4, 4]",
            "    classes 3",
            layers,
            "    output out = dense(classes)",
            "}",
            "train Net {",
            "    data      idx(images: \"s\", labels: \"s\", test_images: \"s\", test_labels: \"s\")",
            "    rule      local_error(loss: cross_entropy)",
            "    optimizer adam(lr: 0.001)",
            "    batch     4",
            "    epochs    1",
            "    seed      1",
            "}");
    }

    private static IrGraph graph(final String source) {
        final Diagnostics diagnostics = new Diagnostics();
        return Compilation.compile(Path.of("net.locus"), source, diagnostics)
            .orElseThrow(() -> new AssertionError(diagnostics.all().toString())).units().get(0).graph();
    }

    private static BufferPlan plan(final IrGraph graph) {
        final NetworkClassBuilder builder = new NetworkClassBuilder("Net", "net.locus", "Net",
            graph.images().type().shape().intSize(), 3, graph.training().batch());
        return BufferPlan.of(graph, builder, graph.training().batch());
    }

    private static List<IrOp> ops(final IrGraph graph, final OpKind kind) {
        final List<IrOp> found = new ArrayList<>();
        for (IrBlock block : graph.blocks()) {
            for (IrOp op : block.ops()) {
                if (op.kind() == kind) {
                    found.add(op);
                }
            }
        }
        return found;
    }

    @Test
    void aDenseLayersBiasAndReluAreOnePassInTheProductsBuffer() {
        final IrGraph graph = graph(network("    layer  fc1 = flatten -> dense(8) -> relu\n    layer  fc2 = dense(8) -> relu"));
        final BufferPlan plan = plan(graph);
        final List<IrOp> relus = ops(graph, OpKind.RELU);
        assertEquals(2, relus.size());
        for (IrOp relu : relus) {
            final IrOp bias = relu.input(0).definition();
            assertSame(OpKind.ADD_BIAS, bias.kind());
            assertSame(relu, plan.fusedActivation(bias));
            assertTrue(plan.absorbed(relu));
            assertTrue(plan.same(relu.output(), bias.input(0)), "the product, the biased sum and the relu share one buffer");
        }
        // relu's gradient reads the pre-activation, whose buffer then holds the relu's output: the same sign.
        final List<IrOp> grads = ops(graph, OpKind.RELU_GRAD);
        assertFalse(grads.isEmpty());
        for (IrOp grad : grads) {
            assertTrue(relus.stream().anyMatch(r -> r.input(0) == grad.input(0)));
        }
    }

    @Test
    void tanhFusesBecauseItsGradientReadsItsOutput() {
        final IrGraph graph = graph(network("    layer  fc1 = flatten -> dense(8) -> tanh"));
        final BufferPlan plan = plan(graph);
        final IrOp tanh = ops(graph, OpKind.TANH).get(0);
        assertSame(tanh, plan.fusedActivation(tanh.input(0).definition()));
        assertTrue(plan.absorbed(tanh));
    }

    @Test
    void anActivationWithoutABiasWorksInPlaceButFusesWithNothing() {
        final IrGraph graph = graph(network("    layer  fc1 = flatten -> dense(8, bias: false) -> relu"));
        final BufferPlan plan = plan(graph);
        final IrOp relu = ops(graph, OpKind.RELU).get(0);
        assertSame(OpKind.MATMUL, relu.input(0).definition().kind());
        assertFalse(plan.absorbed(relu));
        assertTrue(plan.same(relu.output(), relu.input(0)));
        for (IrOp bias : ops(graph, OpKind.ADD_BIAS)) {
            assertNull(plan.fusedActivation(bias));
        }
    }
}
