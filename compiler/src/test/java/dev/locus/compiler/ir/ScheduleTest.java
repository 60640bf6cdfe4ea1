package dev.locus.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of a training step: each layer's forward pass then its update under a local rule, else all forward then all updates. */
class ScheduleTest {

    private static IrGraph graph(final String rule) {
        final String source = String.join("\n",
            "network Net {",
            "    input  image : [1, 4, 4]",
            "    classes 3",
            "    layer  fc1 = flatten -> dense(8) -> relu",
            "    layer  fc2 = dense(8) -> relu",
            "    output out = dense(classes)",
            "}",
            "train Net {",
            "    data      idx(images: \"s\", labels: \"s\", test_images: \"s\", test_labels: \"s\")",
            "    rule      " + rule,
            "    optimizer adam(lr: 0.001)",
            "    batch     4",
            "    epochs    1",
            "    seed      1",
            "}");
        final Diagnostics diagnostics = new Diagnostics();
        return Compilation.compile(Path.of("net.locus"), source, diagnostics)
            .orElseThrow(() -> new AssertionError(diagnostics.all().toString())).units().get(0).graph();
    }

    private static List<String> names(final List<IrBlock> blocks) {
        return blocks.stream().map(IrBlock::name).toList();
    }

    @Test
    void underALocalRuleEachLayersUpdateFollowsItsForwardPass() {
        for (String rule : List.of("local_error(loss: cross_entropy)", "local_error_sc(loss: cross_entropy)")) {
            final Schedule s = graph(rule).schedule();
            assertTrue(s.interleaved(), rule);
            assertEquals(List.of("fc1.forward", "fc1.update", "fc2.forward", "fc2.update", "out.forward", "out.update"),
                names(s.train()), rule);
            assertEquals(List.of("fc1.forward", "fc2.forward", "out.forward"), names(s.predict()), rule);
            assertEquals(List.of("fc1.update", "fc2.update", "out.update"), names(s.updates()), rule);
        }
    }

    @Test
    void anErrorSentFromAnotherLayersUpdateKeepsAllForwardPassesFirst() {
        for (String rule : List.of("backprop(loss: cross_entropy)", "feedback_alignment(loss: cross_entropy)")) {
            final Schedule s = graph(rule).schedule();
            assertFalse(s.interleaved(), rule);
            assertEquals(List.of("fc1.forward", "fc2.forward", "out.forward", "out.update", "fc2.update", "fc1.update"),
                names(s.train()), rule);
            assertEquals(List.of("out.update", "fc2.update", "fc1.update"), names(s.updates()), rule);
        }
    }

    /** Every update block reads only what is defined before it, in either order (what the verifier checks). */
    @Test
    void theGoldenProgramsVerifyInTheirOrderAndTheLayerwiseOnesIncludeAnInterleavedOne()
            throws IOException, URISyntaxException {
        final Path dir = Path.of(ScheduleTest.class.getResource("/golden").toURI());
        int interleavedLayerwise = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".locus")).sorted().toList()) {
                final Diagnostics diagnostics = new Diagnostics();
                final var result = Compilation.compile(p, Files.readString(p), diagnostics);
                assertTrue(result.isPresent(), p + ": " + diagnostics.all());
                for (var unit : result.get().units()) {
                    assertEquals(List.of(), IrVerifier.problems(unit.graph()), p.toString());
                    if (unit.graph().schedule().interleaved() && Files.readString(p).contains("layerwise")) {
                        interleavedLayerwise++;
                    }
                }
            }
        }
        // so that CrossBackendTest trains a frozen layer's guards in the interleaved order too
        assertTrue(interleavedLayerwise > 0);
    }
}
