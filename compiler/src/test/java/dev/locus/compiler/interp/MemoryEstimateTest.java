package dev.locus.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ValueRole;
import dev.locus.compiler.lower.Lowering;
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
            IrGraph graph = Lowering.lower(plan);
            Interpreter interpreter = new Interpreter(graph, 1, plan.optimizer());
            int batch = 7;
            Random r = new Random(1);
            interpreter.step(InterpreterTest.images(r, batch), InterpreterTest.labels(r, batch), batch, Mode.TRAINING);
            long held = 0;
            for (IrValue v : graph.values()) {
                if (v.role() != ValueRole.PARAMETER) {
                    // The images are there twice: widened to doubles, then copied into the step.
                    held += (v.role() == ValueRole.INPUT ? 2L : 1L) * interpreter.value(v).data().length;
                }
            }
            MemoryEstimate m = MemoryEstimate.of(graph, batch, plan.optimizer());
            assertEquals(8 * held, m.stepValues(), rule);
            long params = parameterValues(interpreter);
            assertEquals((8 + 4 + 4) * params, m.parameters(), rule);
            assertEquals(2 * 8 * params, m.optimizerState(), "Adam's two moments");
            assertEquals(m.parameters() + m.optimizerState() + m.stepValues(), m.total());
            assertTrue(m.fitsInArrays());
        }
    }

    @Test
    void sgdKeepsOneValuePerParameterAndABatchTooLargeForAnArrayIsNamed() {
        TrainingPlan plan = InterpreterTest.plan("Net", "local_error", "sgd(0.1)");
        IrGraph graph = Lowering.lower(plan);
        MemoryEstimate m = MemoryEstimate.of(graph, 4, plan.optimizer());
        assertEquals(8 * parameterValues(new Interpreter(graph, 1, plan.optimizer())), m.optimizerState());
        MemoryEstimate huge = MemoryEstimate.of(graph, Integer.MAX_VALUE, plan.optimizer());
        assertTrue(!huge.fitsInArrays());
        // conv2d(3, pad: 1) on [2, 6, 6] gives [3, 6, 6]: 108 values a sample, the most of any value.
        assertTrue(huge.largest().startsWith("c1."), huge.largest());
        assertEquals(108L * Integer.MAX_VALUE, huge.largestValues());
    }
}
