package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.Schedule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The interleaved training step (each layer's forward pass, then its update) is taken exactly
 * when the rule is local, and it trains bit for bit as the order of all forward passes then
 * all updates from the output layer down, on generated networks with dropout and batch
 * normalization, frozen layers included.
 */
class InterleavedStepPropertyTest {
    private static final List<String> LOCAL = List.of("local_error", "local_error(loss: mse)",
            "local_error_sc(loss: square_hinge)", "local_error_sc", "user_arith", "user_sign", "user_scope",
            "user_learned");
    private static final List<String> NOT_LOCAL = List.of("backprop", "feedback_alignment", "user_hybrid");

    private static Pipeline pipeline(final NetworkGen.Network network, final String rule) {
        return Pipeline.of(Pipeline.program(network.source() + RuleGradientTest.USER_RULES, NetworkGen.NAME, rule,
                "adam(lr: 0.01)", 3));
    }

    /** The order every graph had before: the forward passes up, then the updates down. */
    private static Schedule forwardThenUpdates(final IrGraph graph) {
        Schedule own = graph.schedule();
        List<IrBlock> train = new ArrayList<>(own.predict());
        train.addAll(own.updates().stream().sorted(Comparator.comparingInt(IrBlock::layerIndex).reversed()).toList());
        return new Schedule(own.init(), train, own.predict(), false);
    }

    @Test
    void localRulesInterleaveAndTheOthersDoNot() {
        qt().withFixedSeed(21).withExamples(60).forAll(NetworkGen.networks(), integers().between(0, LOCAL.size() - 1))
                .checkAssert((network, rule) -> assertTrue(pipeline(network, LOCAL.get(rule)).graph.schedule()
                        .interleaved(), LOCAL.get(rule) + " on\n" + network));
        qt().withFixedSeed(22).withExamples(60)
                .forAll(NetworkGen.networks(), integers().between(0, NOT_LOCAL.size() - 1))
                .checkAssert((network, rule) -> {
                    Pipeline p = pipeline(network, NOT_LOCAL.get(rule));
                    // a network of one layer has no other layer to send an error to
                    if (p.layers().size() > 1) {
                        assertFalse(p.graph.schedule().interleaved(), NOT_LOCAL.get(rule) + " on\n" + network);
                    }
                });
    }

    @Test
    void theInterleavedStepTrainsBitForBitAsForwardThenUpdates() {
        qt().withFixedSeed(23).withExamples(40)
                .forAll(NetworkGen.networksWithDropout(), integers().between(0, LOCAL.size() - 1))
                .checkAssert((network, rule) -> {
                    Pipeline p = pipeline(network, LOCAL.get(rule));
                    IrGraph graph = p.graph;
                    Interpreter interleaved = new Interpreter(graph, 3);
                    Interpreter before = new Interpreter(graph, 3, forwardThenUpdates(graph));
                    Random r = new Random(rule);
                    int layers = interleaved.layers().size();
                    for (int step = 0; step < 3; step++) {
                        // the last step with the first layer frozen, as a layerwise schedule does
                        interleaved.setTrainable(0, step < 2 || layers == 1);
                        before.setTrainable(0, step < 2 || layers == 1);
                        Pipeline.Batch b = Pipeline.Batch.random(r, p, 4);
                        interleaved.step(b.images(), b.labels(), b.size(), Mode.TRAINING);
                        before.step(b.images(), b.labels(), b.size(), Mode.TRAINING);
                    }
                    for (String name : interleaved.parameterNames()) {
                        assertArrayEquals(before.parameter(name).data(), interleaved.parameter(name).data(),
                                name + " under " + LOCAL.get(rule) + " on\n" + network);
                    }
                    for (IrValue s : graph.states()) {
                        assertArrayEquals(before.state(s).data(), interleaved.state(s).data(), s.name());
                    }
                    for (String layer : interleaved.layers()) {
                        assertEquals(before.localLoss(layer), interleaved.localLoss(layer), layer);
                    }
                });
    }
}
