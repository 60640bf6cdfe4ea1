package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.ValueRole;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where values live: which ops write over their input, which activations fuse into a bias
 * addition, and which values take turns in one buffer.
 */
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
        return graph("net.locus", source);
    }

    private static IrGraph graph(final String file, final String source) {
        final Diagnostics diagnostics = new Diagnostics();
        return Compilation.compile(Path.of(file), source, diagnostics)
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

    private static final String THREE_LAYERS = "    layer  fc1 = flatten -> dense(8) -> relu\n"
        + "    layer  fc2 = dense(8) -> relu\n    layer  fc3 = dense(8) -> tanh";

    /** Every value that lives in a field: the parameters, the state and every op's output. */
    private static List<IrValue> fielded(final IrGraph graph, final BufferPlan plan) {
        final List<IrValue> values = new ArrayList<>(graph.parameters());
        values.addAll(graph.states());
        for (IrBlock block : graph.blocks()) {
            for (IrOp op : block.ops()) {
                if (op.output() != null && plan.storage(op.output()).argument() == null) {
                    values.add(op.output());
                }
            }
        }
        return values;
    }

    /** The position of every op in a training step. */
    private static Map<IrOp, Integer> positions(final IrGraph graph) {
        final Map<IrOp, Integer> position = new HashMap<>();
        for (IrBlock block : graph.schedule().train()) {
            for (IrOp op : block.ops()) {
                position.put(op, position.size());
            }
        }
        return position;
    }

    /** The first write and the last read, in a step, of the values sharing v's storage (a loss writes the gradient it fills). */
    private static int[] lifetime(final IrGraph graph, final BufferPlan plan, final IrValue v,
                                  final Map<IrOp, Integer> position) {
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        final Map<IrOp, IrOp> fillers = new HashMap<>();
        for (IrOp op : position.keySet()) {
            if (plan.gradientFilledBy(op) != null) {
                fillers.put(plan.gradientFilledBy(op), op);
            }
        }
        for (IrValue shared : plan.sharedWith(v)) {
            final int defined = position.get(fillers.getOrDefault(shared.definition(), shared.definition()));
            first = Math.min(first, defined);
            last = Math.max(last, defined);
            for (IrOp reader : graph.uses(shared)) {
                last = Math.max(last, position.get(reader));
            }
        }
        return new int[] {first, last};
    }

    @Test
    void deadValuesTakeTurnsInABufferAndLiveOnesNever() {
        assertTurnsNeverOverlap(graph(network(THREE_LAYERS)));
    }

    /** A loss fills its gradient's buffer in its own pass: from then on, no other value may take that buffer. */
    @Test
    void aGradientALossFillsIsLiveFromTheLoss() throws IOException, URISyntaxException {
        final Path path = Path.of(BufferPlanTest.class.getResource("/golden/rule_pooled_sign.locus").toURI());
        final IrGraph graph = graph(path.toString(), Files.readString(path));
        final BufferPlan plan = plan(graph);
        assertTrue(positions(graph).keySet().stream().anyMatch(op -> plan.gradientFilledBy(op) != null));
        assertTurnsNeverOverlap(graph);
    }

    private static void assertTurnsNeverOverlap(final IrGraph graph) {
        final BufferPlan plan = plan(graph);
        final Map<IrOp, Integer> position = positions(graph);
        final List<IrValue> values = fielded(graph, plan);
        int turns = 0;
        for (IrValue a : values) {
            for (IrValue b : values) {
                if (a.id() < b.id() && plan.field(a) == plan.field(b) && !plan.same(a, b)) {
                    turns++;
                    final int[] x = lifetime(graph, plan, a, position);
                    final int[] y = lifetime(graph, plan, b, position);
                    assertTrue(x[1] < y[0] || y[1] < x[0], a + " and " + b + " are live at once in one buffer");
                }
            }
        }
        assertTrue(turns > 0, "no two dead values took turns in a buffer");
        assertTrue(plan.bufferBytes() < plan.bufferBytesWithoutReuse());
    }

    @Test
    void resultsParametersStateAndValuesComputedOnceKeepTheirBuffer() {
        final IrGraph graph = graph(network(THREE_LAYERS + " -> dropout(0.5)"));
        final BufferPlan plan = plan(graph);
        final List<IrValue> values = fielded(graph, plan);
        int kept = 0;
        for (IrValue v : values) {
            final boolean once = v.definition() != null && (v.definition().kind() == OpKind.CONST
                || v.definition().block().kind() == IrBlock.Kind.INIT);
            if (!graph.isResult(v) && v.role() == ValueRole.COMPUTED && !once) {
                continue;
            }
            kept++;
            for (IrValue w : values) {
                if (plan.field(v) == plan.field(w)) {
                    assertTrue(plan.same(v, w), v + " lends its buffer to " + w);
                }
            }
        }
        assertTrue(kept > graph.parameters().size() + graph.states().size(), "no result or constant was checked");
    }

    /** The bytes of the value buffers of the networks of LANGUAGE.md, with and without reuse (printed for the record). */
    @ParameterizedTest
    @ValueSource(strings = {"fashion_mlp.locus", "fashion_conv.locus"})
    void reuseShrinksTheExamplesBuffers(final String example) throws IOException {
        final Path path = RepositoryFiles.root().resolve("examples").resolve(example);
        final IrGraph graph = graph(path.toString(), Files.readString(path));
        final BufferPlan plan = plan(graph);
        System.out.printf("%s: value buffers %d bytes, %d without reuse%n", example, plan.bufferBytes(),
            plan.bufferBytesWithoutReuse());
        assertTrue(plan.bufferBytes() < plan.bufferBytesWithoutReuse());
    }
}
