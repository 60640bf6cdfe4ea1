package dev.locus.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrVerifier;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.locality.Edge;
import dev.locus.compiler.locality.LocalityCheck;
import dev.locus.compiler.locality.LocalityReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoweringTest {
    private static final String NETWORKS = """
            block conv_pool(channels, kernel = 5) =
                conv2d(channels, kernel: kernel, pad: kernel / 2) -> relu -> maxpool(2)
            network Conv {
                input image : [1, 12, 12]
                classes 4
                layer c1 = conv_pool(3)
                layer bn = batchnorm -> tanh
                layer fc1 = flatten -> dense(16) -> leaky_relu -> dropout(0.25)
                layer fc2 = dense(8) -> sigmoid
                output out = dense(classes)
            }
            network Skip {
                input image : [2, 6, 6]
                classes 3
                layer a = conv2d(4, kernel: 3, pad: 1) -> relu
                layer b from a, image = avgpool(2) -> flatten -> dense(5) -> relu
                output out = dense(classes)
            }
            """;

    private static IrGraph lower(final String network, final String rule) {
        String text = NETWORKS + "train " + network + " { data idx(images: \"a\", labels: \"b\", test_images: \"c\", "
                + "test_labels: \"d\") rule " + rule + " optimizer sgd(0.1) }\n";
        Diagnostics d = new Diagnostics();
        CheckedProgram p = FrontEnd.check(Path.of("lowering.locus"), text, d)
                .orElseThrow(() -> new AssertionError(d.all().toString()));
        IrGraph g = Lowering.lower(p.plans().get(0));
        IrVerifier.verify(g);
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_error", "local_error_sc", "local_error(loss: mse)", "local_error(loss: square_hinge)",
            "local_error(loss: smooth_l1, scale: 2)", "backprop", "feedback_alignment", "feedback_alignment(scale: 0.5)"})
    void everyStandardRuleLowersToVerifiedIr(final String rule) {
        for (String network : List.of("Conv", "Skip")) {
            IrGraph g = lower(network, rule);
            for (var layer : g.network().layers()) {
                IrBlock update = g.block(layer.name(), IrBlock.Kind.UPDATE);
                long steps = update.ops().stream().filter(o -> o.kind() == OpKind.APPLY_UPDATE).count();
                long params = g.parameters().stream().filter(p -> p.layer().equals(layer.name())).count();
                assertEquals(params, steps, rule + ": every parameter of " + layer.name() + " takes a step");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_error", "local_error_sc", "local_error(loss: mse)"})
    void localRulesAreProvedLocal(final String rule) {
        for (String network : List.of("Conv", "Skip")) {
            LocalityReport r = LocalityCheck.analyze(lower(network, rule));
            assertTrue(r.isLocal(), () -> rule + " on " + network + ": " + r.edges());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"backprop", "feedback_alignment"})
    void nonLocalRulesHaveAnEdgeIntoEveryHiddenLayer(final String rule) {
        IrGraph g = lower("Conv", rule);
        LocalityReport r = LocalityCheck.analyze(g);
        Set<String> readers = r.edges().stream().map(e -> e.reader().layer()).collect(Collectors.toSet());
        assertEquals(Set.of("c1", "bn", "fc1", "fc2"), readers);
        for (Edge e : r.edges()) {
            assertEquals(e.reader().layerIndex() + 1, e.sourceIndex(), "the error comes from the layer above");
            assertTrue(e.op().origin().file().name().contains("stdlib"), "the edge points at the propagate line");
        }
        IrGraph skip = lower("Skip", rule);
        Set<String> skipReaders = LocalityCheck.analyze(skip).edges().stream().map(e -> e.reader().layer())
                .collect(Collectors.toSet());
        assertEquals(Set.of("a", "b"), skipReaders, "a takes its error from b through `from`, b from out");
    }

    @org.junit.jupiter.api.Test
    void feedbackAlignmentReadsFixedMatricesInsteadOfTheWeights() {
        IrGraph g = lower("Conv", "feedback_alignment");
        IrBlock fc2 = g.block("fc2", IrBlock.Kind.UPDATE);
        IrOp toInput = fc2.ops().stream().filter(o -> o.kind() == OpKind.MATMUL_GRAD_LEFT).findFirst().orElseThrow();
        assertEquals(IrBlock.Kind.INIT, toInput.input(1).definition().block().kind(),
                "the error to fc1 goes through fc2's fixed feedback matrix");
        IrGraph bp = lower("Conv", "backprop");
        IrOp viaWeights = bp.block("fc2", IrBlock.Kind.UPDATE).ops().stream()
                .filter(o -> o.kind() == OpKind.MATMUL_GRAD_LEFT).findFirst().orElseThrow();
        assertTrue(bp.parameters().contains(viaWeights.input(1)), "backprop sends it through the weights themselves");
    }

    @org.junit.jupiter.api.Test
    void localErrorDrawsItsClassifierOnceAndNeverUpdatesIt() {
        IrGraph g = lower("Conv", "local_error");
        for (String layer : List.of("c1", "bn", "fc1", "fc2")) {
            IrBlock init = g.block(layer, IrBlock.Kind.INIT);
            assertEquals(1, init.ops().stream().filter(o -> o.kind() == OpKind.UNIFORM).count());
            assertEquals("B", init.ops().get(0).attrs(Attrs.Draw.class).key());
            assertFalse(g.block(layer, IrBlock.Kind.UPDATE).ops().stream()
                    .anyMatch(o -> o.kind() == OpKind.APPLY_UPDATE && o.input(0).definition() != null));
        }
        assertTrue(g.localScores("c1").isPresent() && g.localLoss("c1").isPresent());
    }
}
