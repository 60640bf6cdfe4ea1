package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.backend.MemoryEstimate;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ValueRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The value-buffer bytes of a training step ({@link BufferPlan#bufferBytes}): under a local rule
 * a step holds one layer's activations at a time, so they do not grow with depth; under
 * backprop every layer's activations live until its update, so they do.
 */
class StepBufferBytesTest {
    private static final List<String> RULES = List.of("local_error(loss: cross_entropy)",
        "local_error_sc(loss: cross_entropy)", "feedback_alignment(loss: cross_entropy)",
        "backprop(loss: cross_entropy)");

    private static IrGraph graph(final String file, final String source) {
        final Diagnostics diagnostics = new Diagnostics();
        return Compilation.compile(Path.of(file), source, diagnostics)
            .orElseThrow(() -> new AssertionError(diagnostics.all().toString())).units().get(0).graph();
    }

    static long stepBytes(final IrGraph graph) {
        final NetworkClassBuilder builder = new NetworkClassBuilder("Net", "net.locus", graph.network().name(),
            graph.images().type().shape().intSize(), graph.prediction().type().shape().intSize(),
            graph.training().batch());
        return plan(graph).bufferBytes();
    }

    private static BufferPlan plan(final IrGraph graph) {
        final NetworkClassBuilder builder = new NetworkClassBuilder("Net", "net.locus", graph.network().name(),
            graph.images().type().shape().intSize(), graph.prediction().type().shape().intSize(),
            graph.training().batch());
        return BufferPlan.of(graph, builder, graph.training().batch());
    }

    /** {@code source} with its train block's rule replaced by {@code rule}. */
    private static String withRule(final String source, final String rule) {
        return source.replaceAll("(?m)^(\\s*rule\\s+).*$", "$1" + rule);
    }

    /** An MLP of {@code depth} hidden layers of 256 units on 256 inputs (16 x 16), trained under {@code rule}. */
    private static String mlp(final int depth, final String rule) {
        final StringBuilder layers = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            layers.append("    layer  h").append(i).append(" = ").append(i == 1 ? "flatten -> " : "")
                .append("dense(256) -> relu\n");
        }
        return String.join("\n",
            "network Deep {",
            "    input  image : [1, 16, 16]",
            "    classes 10",
            layers.toString(),
            "    output out = dense(classes)",
            "}",
            "train Deep {",
            "    data      idx(images: \"s\", labels: \"s\", test_images: \"s\", test_labels: \"s\")",
            "    rule      " + rule,
            "    optimizer adam(lr: 0.001)",
            "    batch     64",
            "    epochs    1",
            "    seed      1",
            "}");
    }

    @Test
    void underALocalRuleAStepsActivationBuffersDoNotGrowWithDepthUnderBackpropTheyDo() {
        final List<Long> local = new ArrayList<>();
        final List<Long> backprop = new ArrayList<>();
        for (int depth = 2; depth <= 6; depth++) {
            local.add(plan(graph("deep.locus", mlp(depth, RULES.get(0)))).turnBufferBytes());
            backprop.add(plan(graph("deep.locus", mlp(depth, RULES.get(3)))).turnBufferBytes());
        }
        System.out.printf("turn buffers, depth 2..6 | local_error %s | backprop %s%n", local, backprop);
        // Depth 2 packs its few buffers a little tighter; from depth 3 on the buffers are the same.
        for (int i = 1; i < local.size(); i++) {
            assertTrue(local.get(i) <= local.get(1), "local_error, depth 2..6: " + local);
            assertEquals(local.get(1), local.get(i), "local_error, depth 3.." + (i + 2) + ": " + local);
            assertTrue(backprop.get(i) > backprop.get(i - 1), "backprop, depth 2.." + (i + 2) + ": " + backprop);
        }
    }

    @Test
    void theJvmBackendsMemoryEstimateCountsThePlansBuffersNotOneBufferPerValue() throws IOException {
        final String source = Files.readString(RepositoryFiles.root().resolve("examples").resolve("fashion_mlp.locus"));
        final IrGraph graph = graph("fashion_mlp.locus", source);
        final int batch = graph.training().batch();
        final MemoryEstimate shapes = MemoryEstimate.of(graph, batch, new MemoryEstimate.Storage(4, 4));
        final MemoryEstimate jvm = new JvmBackend().memory(graph, batch);
        long oneBufferEach = 0;
        for (IrValue v : graph.values()) {
            if (v.role() == ValueRole.COMPUTED || v.role() == ValueRole.FIXED) {
                oneBufferEach += 4L * (v.type().batched() ? batch : 1) * v.type().shape().size();
            }
        }
        assertEquals(shapes.stepValues() - oneBufferEach + stepBytes(graph), jvm.stepValues());
        assertTrue(jvm.stepValues() < shapes.stepValues());
        assertEquals(shapes.parameters(), jvm.parameters());
        assertEquals(shapes.optimizerState(), jvm.optimizerState());
    }

    @Test
    void printsTheExamplesStepBuffersUnderEachRule() throws IOException {
        for (String example : List.of("fashion_mlp.locus", "fashion_conv.locus")) {
            final String source = Files.readString(RepositoryFiles.root().resolve("examples").resolve(example));
            for (String rule : RULES) {
                final long bytes = stepBytes(graph(example, withRule(source, rule)));
                System.out.printf("step buffers | %s | %s | %d%n", example, rule.substring(0, rule.indexOf('(')), bytes);
                assertTrue(bytes > 0);
            }
        }
    }
}
