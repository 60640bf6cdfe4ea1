package dev.locus.compiler.locality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrNetwork;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.IrVerifier;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Optimizer;
import dev.locus.compiler.ir.ParameterInit;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.TensorType;
import dev.locus.compiler.ir.Training;
import dev.locus.compiler.Compilation;
import dev.locus.compiler.source.SourceFile;
import dev.locus.compiler.source.Span;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The locality check on graphs built by hand, so that each kind of read is seen alone (a rule
 * cannot name another layer's parameters, but a pass could make an update block read them), and
 * on lowered rules: the exact edges of backprop and feedback alignment, and none for local rules.
 */
class LocalityCheckTest {
    private static final SourceFile RULE = new SourceFile("hand.locus", "rule hand {\n    hidden { back }\n}\n");
    private static final Span STATEMENT = RULE.span(RULE.text().indexOf("back"), RULE.text().indexOf("back") + 4);
    private static final ParameterInit INIT = new ParameterInit("zeros", 0, 0, 0);
    private static final Optimizer SGD = new Optimizer.Sgd(0.1, 0, 0);

    /**
     * Two layers: h1 = images @ h1.w1, h2 = h1 @ h2.w1, and h2's update descending its own weight.
     * h1's update descends h1.w1 along the gradient {@code back} that {@code downward} gives it.
     */
    private record Hand(IrGraph graph, IrValue w1, IrValue w2, IrValue h1, IrValue h2, IrBlock update2, IrBlock init2) {
        static Hand build() {
            IrGraph g = new IrGraph(new IrNetwork("Hand", 3, Shape.of(4), List.of(new IrNetwork.Layer("h1", 0, false),
                    new IrNetwork.Layer("h2", 1, true))), new Training(SGD, 0, 1));
            IrValue images = g.addImages();
            g.addLabels();
            IrValue w1 = g.addParameter("h1", "w1", TensorType.single(Shape.of(4, 3)), INIT);
            IrValue w2 = g.addParameter("h2", "w1", TensorType.single(Shape.of(3, 3)), INIT);
            IrBlock init2 = g.addBlock("h2", 1, IrBlock.Kind.INIT);
            IrValue h1 = g.addBlock("h1", 0, IrBlock.Kind.FORWARD).op(OpKind.MATMUL, "h1.out", TensorType.perSample(
                    Shape.of(3)), List.of(images, w1), STATEMENT);
            IrValue h2 = g.addBlock("h2", 1, IrBlock.Kind.FORWARD).op(OpKind.MATMUL, "h2.out", TensorType.perSample(
                    Shape.of(3)), List.of(h1, w2), STATEMENT);
            IrBlock update2 = g.addBlock("h2", 1, IrBlock.Kind.UPDATE);
            IrValue g2 = update2.op(OpKind.MATMUL_GRAD_RIGHT, "h2.dw", w2.type(), List.of(h1, h2), STATEMENT);
            update2.effect(OpKind.APPLY_UPDATE, List.of(w2, g2), new Attrs.Update(SGD), STATEMENT);
            g.setPrediction(h2);
            return new Hand(g, w1, w2, h1, h2, update2, init2);
        }

        /** h1's update: {@code back} = h1 @ m^T for the given m, then the step on h1.w1; returns the op reading m. */
        IrOp update1(final IrValue m) {
            IrBlock update1 = graph.addBlock("h1", 0, IrBlock.Kind.UPDATE);
            IrValue back = update1.op(OpKind.MATMUL_GRAD_LEFT, "h1.back", h1.type(), List.of(h1, m), STATEMENT);
            IrValue g1 = update1.op(OpKind.MATMUL_GRAD_RIGHT, "h1.dw", w1.type(), List.of(graph.images(), back),
                    STATEMENT);
            update1.effect(OpKind.APPLY_UPDATE, List.of(w1, g1), new Attrs.Update(SGD), STATEMENT);
            assertEquals(List.of(), IrVerifier.problems(graph));
            return back.definition();
        }
    }

    @Test
    void anUpdateThatReadsTheWeightOfALaterLayerItselfIsWeightTransport() {
        Hand hand = Hand.build();
        IrOp reads = hand.update1(hand.w2);
        LocalityReport r = LocalityCheck.analyze(hand.graph());
        IrBlock reader = hand.graph().block("h1", IrBlock.Kind.UPDATE);
        assertEquals(List.of(new Edge(Edge.Kind.WEIGHT, reader, "h2", 1, List.of(hand.w2), reads)), r.edges(),
                "no value of a later block is read, and still the layer above's weight is");
        assertEquals(2, r.edges().get(0).op().origin().line(), "the edge points at the statement that caused it");
        assertEquals(List.of(new Read(Read.Kind.IMAGES, null, List.of()), new Read(Read.Kind.FORWARD, "h1", List.of()),
                new Read(Read.Kind.PARAMETERS, "h1", List.of("h1.w1")), new Read(Read.Kind.UPDATE, "h1", List.of()),
                new Read(Read.Kind.WEIGHT, "h2", List.of("h2.w1"))), r.layers().get(0).reads());
    }

    @Test
    void theSameUpdateReadingItsOwnWeightOrTheWeightOfTheLayerBelowIsLocal() {
        Hand own = Hand.build();
        own.update1(own.w1);
        assertTrue(LocalityCheck.analyze(own.graph()).isLocal());
        // h2's update reads h1.w1: a parameter of the layer below is not a backward edge.
        Hand below = Hand.build();
        below.update2().op(OpKind.MATMUL_GRAD_LEFT, "h2.below", below.h2().type(), List.of(below.h2(), below.w1()),
                STATEMENT);
        below.update1(below.w1());
        LocalityReport r = LocalityCheck.analyze(below.graph());
        assertTrue(r.isLocal(), r.edges().toString());
        assertTrue(r.layers().get(1).reads().contains(new Read(Read.Kind.PARAMETERS, "h1", List.of("h1.w1"))));
    }

    @Test
    void anErrorComputedFromTheWeightsAboveCarriesThemAndOneFromAFixedMatrixDoesNot() {
        // Backprop's way: h2's update computes the error for h1 through h2.w1; h1 reads that error.
        Hand bp = Hand.build();
        IrValue viaWeight = bp.update2().op(OpKind.MATMUL_GRAD_LEFT, "h2.down", bp.h1().type(),
                List.of(bp.h2(), bp.w2()), STATEMENT);
        IrOp reads = bp.update1(viaWeight);
        IrBlock reader = bp.graph().block("h1", IrBlock.Kind.UPDATE);
        assertEquals(List.of(new Edge(Edge.Kind.ERROR, reader, "h2", 1, List.of(viaWeight), reads),
                new Edge(Edge.Kind.WEIGHT, reader, "h2", 1, List.of(bp.w2()), reads)),
                LocalityCheck.analyze(bp.graph()).edges());

        // Feedback alignment's way: through a fixed matrix of h2's; the error alone crosses.
        Hand fa = Hand.build();
        IrValue fixed = fa.init2().op(OpKind.UNIFORM_LIKE, "h2.feedback.w1", fa.w2().type(), List.of(),
                new Attrs.Draw(1.0, "feedback.w1"), STATEMENT);
        IrValue viaFixed = fa.update2().op(OpKind.MATMUL_GRAD_LEFT, "h2.down", fa.h1().type(),
                List.of(fa.h2(), fixed), STATEMENT);
        IrOp readsFixed = fa.update1(viaFixed);
        assertEquals(List.of(new Edge(Edge.Kind.ERROR, fa.graph().block("h1", IrBlock.Kind.UPDATE), "h2", 1,
                List.of(viaFixed), readsFixed)), LocalityCheck.analyze(fa.graph()).edges());
    }

    @Test
    void aForwardValueOfALaterLayerIsAnEdgeButNotWeightTransport() {
        // h2's output was computed from h2.w1, but in its forward pass: reading it sends no weight down.
        Hand hand = Hand.build();
        IrOp reads = hand.update1(hand.h2());
        assertEquals(List.of(new Edge(Edge.Kind.ERROR, hand.graph().block("h1", IrBlock.Kind.UPDATE), "h2", 1,
                List.of(hand.h2()), reads)), LocalityCheck.analyze(hand.graph()).edges());
    }

    private static final String NETWORK = """
            network N {
                input image : [1, 8, 8]
                classes 3
                layer c1 = conv2d(2, kernel: 3) -> relu
                layer c2 = conv2d(2, kernel: 3, pad: 1) -> batchnorm -> tanh
                layer fc from c1, c2 = flatten -> dense(6) -> relu -> dense(5) -> sigmoid
                output out = dense(classes)
            }
            train N {
                data idx(images: "a", labels: "b", test_images: "c", test_labels: "d")
                rule %s
                optimizer sgd(0.1)
            }
            """;

    private static LocalityReport lowered(final String rule) {
        Diagnostics d = new Diagnostics();
        CheckedProgram p = FrontEnd.check(Path.of("net.locus"), NETWORK.formatted(rule), d)
                .orElseThrow(() -> new AssertionError(d.all().toString()));
        return LocalityCheck.analyze(Compilation.lower(p.plans().get(0)));
    }

    private static List<String> edges(final LocalityReport r) {
        return r.edges().stream().map(e -> e.source() + " -> " + e.reader().layer() + " " + e.kind()
                + (e.kind() == Edge.Kind.WEIGHT ? " " + e.values().stream().map(IrValue::name).toList() : "")).toList();
    }

    @Test
    void backpropSendsTheWeightsAboveDownWithEachErrorAndRandomFeedbackOnlyTheBatchnormScale() {
        assertEquals(List.of("c2 -> c1 ERROR", "c2 -> c1 WEIGHT [c2.weight, c2.gamma]", "fc -> c1 ERROR",
                "fc -> c1 WEIGHT [fc.weight, fc.weight_2]", "fc -> c2 ERROR", "fc -> c2 WEIGHT [fc.weight, fc.weight_2]",
                "out -> fc ERROR", "out -> fc WEIGHT [out.weight]"), edges(lowered("backprop")));
        assertEquals(List.of("c2 -> c1 ERROR", "c2 -> c1 WEIGHT [c2.gamma]", "fc -> c1 ERROR", "fc -> c2 ERROR",
                "out -> fc ERROR"), edges(lowered("feedback_alignment")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_error", "local_error_sc", "local_error_sc(loss: mse, spread: 0.9)"})
    void localRulesFaMatmulAndSignConcordantIncludedHaveNoEdge(final String rule) {
        LocalityReport r = lowered(rule);
        assertEquals(List.of(), r.edges());
        assertEquals(List.of("c1", "c2", "fc", "out"), r.layers().stream().map(LocalityReport.LayerReads::layer)
                .toList());
    }
}
