package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused updates against torch.optim's algorithms written step by step in double. */
class OptimizersTest {

    @Test
    void sgdWithMomentumAndWeightDecayFollowsTorchOverSeveralSteps() {
        qt().withExamples(60).forAll(TestData.dimension(70), integers().between(0, 3), integers().between(0, 1000))
                .checkAssert((n, variant, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float lr = 0.05f;
                    float momentum = variant % 2 == 0 ? 0f : 0.9f;
                    float decay = variant < 2 ? 0f : 1e-3f;
                    float[] w = TestData.randoms(r, n);
                    float[] v = new float[n];
                    double[] wd = TestData.toDouble(w);
                    double[] vd = new double[n];
                    for (int step = 1; step <= 5; step++) {
                        float[] g = TestData.randoms(r, n);
                        Optimizers.sgd(w, 0, g, 0, momentum == 0f ? null : v, 0, n, lr, momentum, decay);
                        for (int i = 0; i < n; i++) {
                            double d = g[i] + (double) decay * wd[i];
                            if (momentum != 0f) {
                                vd[i] = step == 1 ? d : momentum * vd[i] + d; // torch: the buffer starts as the gradient
                                d = vd[i];
                            }
                            wd[i] -= lr * d;
                        }
                    }
                    TestData.assertClose("w", wd, w, 0, 1e-5);
                });
    }

    @Test
    void adamWithBiasCorrectionFollowsTorchOverSeveralSteps() {
        qt().withExamples(60).forAll(TestData.dimension(70), integers().between(0, 1), integers().between(0, 1000))
                .checkAssert((n, variant, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float lr = 1e-3f;
                    float b1 = 0.9f;
                    float b2 = 0.999f;
                    float eps = 1e-8f;
                    float decay = variant == 0 ? 0f : 1e-2f;
                    float[] w = TestData.randoms(r, n);
                    float[] m = new float[n];
                    float[] v = new float[n];
                    double[] wd = TestData.toDouble(w);
                    double[] md = new double[n];
                    double[] vd = new double[n];
                    for (int step = 1; step <= 6; step++) {
                        float[] g = TestData.randoms(r, n);
                        Optimizers.adam(w, 0, g, 0, m, 0, v, 0, n, lr, b1, b2, eps, decay, step);
                        for (int i = 0; i < n; i++) {
                            double gi = g[i] + (double) decay * wd[i];
                            md[i] = b1 * md[i] + (1 - (double) b1) * gi;
                            vd[i] = b2 * vd[i] + (1 - (double) b2) * gi * gi;
                            double bc1 = 1 - Math.pow(b1, step);
                            double bc2 = 1 - Math.pow(b2, step);
                            double denom = Math.sqrt(vd[i]) / Math.sqrt(bc2) + eps;
                            wd[i] -= lr / bc1 * md[i] / denom;
                        }
                    }
                    TestData.assertClose("w", wd, w, 0, 1e-5);
                    TestData.assertClose("m", md, m, 0, 1e-5);
                });
    }

    @Test
    void badHyperparametersAreNamed() {
        float[] x = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.adam(x, 0, x, 0, x, 0, x, 0, 4, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 0));
        assertTrue(e.getMessage().startsWith("step must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.sgd(x, 0, x, 0, null, 0, 4, 0.1f, 0.9f, 0f));
        assertTrue(e.getMessage().startsWith("velocity must not be null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.sgd(x, 0, x, 0, null, 0, 4, Float.NaN, 0f, 0f));
        assertTrue(e.getMessage().startsWith("lr must be"), e.getMessage());
    }
}
