package dev.locus.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.compiler.check.TrainingPlan;
import org.junit.jupiter.api.Test;

/** The optimizers' steps against steps worked out by hand from PyTorch's formulas. */
class InterpreterOptimizerTest {

    @Test
    void sgdWithMomentumAndWeightDecayFollowsPyTorch() {
        ParameterOptimizer sgd = ParameterOptimizer.create(new TrainingPlan.Sgd(0.1, 0.9, 0.01), 1);
        double[] p = {1.0};
        // d = 0.5 + 0.01 * 1 = 0.51; v = 0.51; p = 1 - 0.1 * 0.51
        sgd.step(p, new double[] {0.5});
        assertEquals(0.949, p[0], 1e-15);
        // d = 0.5 + 0.01 * 0.949 = 0.50949; v = 0.9 * 0.51 + 0.50949 = 0.96849; p = 0.949 - 0.096849
        sgd.step(p, new double[] {0.5});
        assertEquals(0.852151, p[0], 1e-15);
    }

    @Test
    void plainSgdStepsAgainstTheGradient() {
        ParameterOptimizer sgd = ParameterOptimizer.create(new TrainingPlan.Sgd(0.5, 0, 0), 2);
        double[] p = {1.0, -2.0};
        sgd.step(p, new double[] {0.25, -1});
        assertEquals(0.875, p[0], 0);
        assertEquals(-1.5, p[1], 0);
    }

    @Test
    void adamCorrectsTheBiasOfItsMoments() {
        ParameterOptimizer adam = ParameterOptimizer.create(new TrainingPlan.Adam(0.1, 0.9, 0.999, 1e-8), 1);
        double[] p = {1.0};
        // t = 1: m = 0.05, v = 0.00025; m^ = 0.5, v^ = 0.25; p = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
        adam.step(p, new double[] {0.5});
        assertEquals(1 - 0.05 / (0.5 + 1e-8), p[0], 1e-15);
        // t = 2: m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225;
        // m^ = 0.02 / 0.19, v^ = 0.00031225 / 0.001999
        adam.step(p, new double[] {-0.25});
        double expected = 1 - 0.05 / (0.5 + 1e-8) - 0.1 * (0.02 / 0.19) / (Math.sqrt(0.00031225 / 0.001999) + 1e-8);
        assertEquals(expected, p[0], 1e-12);
        assertEquals(0.873366, p[0], 1e-6);
    }
}
