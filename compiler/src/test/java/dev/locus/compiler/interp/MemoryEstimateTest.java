package dev.locus.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.backend.MemoryEstimate;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ValueRole;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heap estimate against what the interpreter really holds after a step. */
class MemoryEstimateTest {

    private static long parameterValues(final Interpreter interpreter) {
        return interpreter.parameterNames().stream().mapToLong(n -> interpreter.parameter(n).data().length).sum();
    }

    @Test
    void theEstimateCountsEveryValueTheInterpreterKeepsAfterAStep() {
        for (String rule : new String[] {"local_error", "backprop"}) {
            TrainingPlan plan = InterpreterTest.plan("Net", rule, "adam(lr: 0.01)");
            IrGraph graph = Compilation.lower(plan);
            Interpreter interpreter = new Interpreter(graph, 1);
            int batch = 7;
            Random r = new Random(1);
            interpreter.step(InterpreterTest.images(r, batch), InterpreterTest.labels(r, batch), batch, Mode.TRAINING);
            long held = 0;
            for (IrValue v : graph.values()) {
                if (v.role() != ValueRole.PARAMETER && v.stateOf() == null) {
                    // The images are there twice: widened to doubles, then copied into the step.
                    held += (v.role() == ValueRole.INPUT ? 2L : 1L) * interpreter.value(v).data().length;
                }
            }
            MemoryEstimate m = new InterpreterBackend().memory(graph, batch);
            assertEquals(8 * held, m.stepValues(), rule);
            long params = parameterValues(interpreter);
            assertEquals((8 + 4 + 4) * params, m.parameters(), rule);
            long counters = graph.parameters().size();
            assertEquals(2 * 8 * params + 8 * counters, m.optimizerState(), "Adam's two moments and step count");
            assertEquals(m.parameters() + m.optimizerState() + m.stepValues(), m.total());
            assertTrue(m.fitsInArrays());
        }
    }

    @Test
    void sgdKeepsAVelocityPerValueOnlyWithMomentumAndABatchTooLargeForAnArrayIsNamed() {
        TrainingPlan momentum = InterpreterTest.plan("Net", "local_error", "sgd(0.1, momentum: 0.9)");
        IrGraph withVelocity = Compilation.lower(momentum);
        assertEquals(8 * parameterValues(new Interpreter(withVelocity, 1)), new InterpreterBackend().memory(withVelocity, 4)
            .optimizerState());
        TrainingPlan plan = InterpreterTest.plan("Net", "local_error", "sgd(0.1)");
        IrGraph graph = Compilation.lower(plan);
        assertEquals(0, new InterpreterBackend().memory(graph, 4).optimizerState(), "plain SGD keeps nothing");
        MemoryEstimate huge = new InterpreterBackend().memory(graph, Integer.MAX_VALUE);
        assertTrue(!huge.fitsInArrays());
        // conv2d(3, pad: 1) on [2, 6, 6] gives [3, 6, 6]: 108 values a sample, the most of any value.
        assertTrue(huge.largest().startsWith("c1."), huge.largest());
        assertEquals(108L * Integer.MAX_VALUE, huge.largestValues());
    }
}
