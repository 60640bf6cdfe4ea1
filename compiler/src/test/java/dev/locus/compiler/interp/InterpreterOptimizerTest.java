package dev.locus.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.compiler.ir.Optimizer;
import dev.locus.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimizers' steps against steps worked out by hand from PyTorch's formulas. */
class InterpreterOptimizerTest {

    /** The state APPLY_UPDATE hands the optimizer for a parameter of {@code size} elements, as it starts. */
    private static List<Tensor> state(final Optimizer optimizer, final int size) {
        List<Tensor> out = new ArrayList<>();
        optimizer.state().forEach(k -> out.add(Tensor.zeros(k.counter() ? TensorType.counter()
            : TensorType.single(dev.locus.compiler.ir.Shape.of(size)), 1)));
        return out;
    }

    @Test
    void sgdWithMomentumAndWeightDecayFollowsPyTorch() {
        Optimizer sgd = new Optimizer.Sgd(0.1, 0.9, 0.01);
        List<Tensor> velocity = state(sgd, 1);
        double[] p = {1.0};
        // d = 0.5 + 0.01 * 1 = 0.51; v = 0.51; p = 1 - 0.1 * 0.51
        OptimizerStep.apply(sgd, p, new double[] {0.5}, velocity);
        assertEquals(0.949, p[0], 1e-15);
        assertEquals(0.51, velocity.get(0).get(0), 1e-15);
        // d = 0.5 + 0.01 * 0.949 = 0.50949; v = 0.9 * 0.51 + 0.50949 = 0.96849; p = 0.949 - 0.096849
        OptimizerStep.apply(sgd, p, new double[] {0.5}, velocity);
        assertEquals(0.852151, p[0], 1e-15);
    }

    @Test
    void plainSgdStepsAgainstTheGradientAndKeepsNoState() {
        Optimizer sgd = new Optimizer.Sgd(0.5, 0, 0);
        assertEquals(List.of(), sgd.state());
        double[] p = {1.0, -2.0};
        OptimizerStep.apply(sgd, p, new double[] {0.25, -1}, List.of());
        assertEquals(0.875, p[0], 0);
        assertEquals(-1.5, p[1], 0);
    }

    @Test
    void adamCorrectsTheBiasOfItsMomentsAndCountsItsSteps() {
        Optimizer adam = new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8);
        List<Tensor> state = state(adam, 1);
        double[] p = {1.0};
        // t = 1: m = 0.05, v = 0.00025; m^ = 0.5, v^ = 0.25; p = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
        OptimizerStep.apply(adam, p, new double[] {0.5}, state);
        assertEquals(1 - 0.05 / (0.5 + 1e-8), p[0], 1e-15);
        // t = 2: m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225;
        // m^ = 0.02 / 0.19, v^ = 0.00031225 / 0.001999
        OptimizerStep.apply(adam, p, new double[] {-0.25}, state);
        double expected = 1 - 0.05 / (0.5 + 1e-8) - 0.1 * (0.02 / 0.19) / (Math.sqrt(0.00031225 / 0.001999) + 1e-8);
        assertEquals(expected, p[0], 1e-12);
        assertEquals(0.873366, p[0], 1e-6);
        assertEquals(0.02, state.get(0).get(0), 1e-15, "m");
        assertEquals(0.00031225, state.get(1).get(0), 1e-15, "v");
        assertEquals(2, state.get(2).scalarValue(), "t");
    }
}
