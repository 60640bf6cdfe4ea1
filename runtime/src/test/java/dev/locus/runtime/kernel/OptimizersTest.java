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

    @Test
    void vectorAndPlainPassesGiveTheSameBits() {
        qt().withExamples(40).forAll(TestData.dimension(97), integers().between(0, 1000)).checkAssert((n, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            float[] w0 = TestData.randoms(r, n);
            float[] g = TestData.randoms(r, n);
            float[] m0 = TestData.randoms(r, n);
            float[] v0 = new float[n];
            for (int i = 0; i < n; i++) {
                v0[i] = Math.abs(m0[i]) * 0.5f;
            }
            float[][] results = new float[4][];
            int at = 0;
            for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
                float[] w = w0.clone();
                float[] m = m0.clone();
                float[] v = v0.clone();
                kernel.adam(w, 0, g, 0, m, 0, v, 0, n, 0.01f, 0.9f, 0.999f, 0.1f, 0.001f, 0.0447f, 1e-8f, 1e-3f);
                float[] ws = w0.clone();
                float[] vel = m0.clone();
                kernel.sgdMomentum(ws, 0, g, 0, vel, 0, n, 0.05f, 0.9f, 1e-3f);
                results[at++] = concat(w, m, v);
                results[at++] = concat(ws, vel);
            }
            TestData.assertSameFloats("adam", results[2], results[0]);
            TestData.assertSameFloats("sgd", results[3], results[1]);
        });
    }

    @Test
    void momentsOfAWeightWhoseGradientStopsFallToZeroNotIntoSubnormalsAndTheWeightMovesAsWithout() {
        // A dead unit's weights: one step with a gradient, then zeros. Without the flush m would decay
        // to the smallest subnormal and stay there (0.9 times it rounds back to it).
        int n = 37; // vector lanes and a scalar tail
        SplittableRandom r = new SplittableRandom(3);
        float[] w0 = TestData.randoms(r, n);
        float[] g0 = TestData.randoms(r, n);
        float[] zero = new float[n];
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            float[] w = w0.clone();
            float[] m = new float[n];
            float[] v = new float[n];
            float[] wRef = w0.clone();
            float[] mRef = new float[n];
            float[] vRef = new float[n];
            float[] ws = w0.clone();
            float[] vel = new float[n];
            for (int step = 1; step <= 1200; step++) {
                float[] g = step == 1 ? g0 : zero;
                float c2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
                float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
                kernel.adam(w, 0, g, 0, m, 0, v, 0, n, stepSize, 0.9f, 0.999f, 0.1f, 0.001f, c2, 1e-8f, 0f);
                for (int i = 0; i < n; i++) { // the same operations, kept as they fall
                    mRef[i] = 0.9f * mRef[i] + 0.1f * g[i];
                    vRef[i] = 0.999f * vRef[i] + 0.001f * g[i] * g[i];
                    wRef[i] -= stepSize * mRef[i] / ((float) Math.sqrt(vRef[i]) / c2 + 1e-8f);
                }
                kernel.sgdMomentum(ws, 0, g, 0, vel, 0, n, 0.05f, 0.9f, 0f);
            }
            for (int i = 0; i < n; i++) {
                assertTrue(mRef[i] != 0 && Math.abs(mRef[i]) < Float.MIN_NORMAL, "the case is exercised: " + mRef[i]);
                assertTrue(m[i] == 0f, kernel + " m[" + i + "] = " + m[i]);
                assertTrue(vel[i] == 0f, kernel + " velocity[" + i + "] = " + vel[i]);
                assertTrue(v[i] == 0f || Math.abs(v[i]) >= Float.MIN_NORMAL, kernel + " v[" + i + "] = " + v[i]);
            }
            TestData.assertSameFloats("weights", wRef, w);
        }
    }

    @Test
    void aLargeUpdateSplitOverThreadsGivesTheBitsOfOneThread() {
        int n = Elementwise.PARALLEL_MIN * 2 + 77;
        SplittableRandom r = new SplittableRandom(5);
        float[] w0 = TestData.randoms(r, n);
        float[] g = TestData.randoms(r, n);
        float[][] adam = new float[2][];
        float[][] sgd = new float[2][];
        int[] threads = {1, 3};
        for (int t = 0; t < 2; t++) {
            int at = t;
            TestData.withThreads(threads[t], () -> {
                float[] w = w0.clone();
                float[] m = new float[n];
                float[] v = new float[n];
                for (int step = 1; step <= 3; step++) {
                    Optimizers.adam(w, 0, g, 0, m, 0, v, 0, n, 0.001f, 0.9f, 0.999f, 1e-8f, 1e-4f, step);
                }
                adam[at] = concat(w, m, v);
                float[] ws = w0.clone();
                float[] vel = new float[n];
                Optimizers.sgd(ws, 0, g, 0, vel, 0, n, 0.05f, 0.9f, 1e-4f);
                sgd[at] = concat(ws, vel);
            });
        }
        TestData.assertSameFloats("adam", adam[0], adam[1]);
        TestData.assertSameFloats("sgd", sgd[0], sgd[1]);
    }

    private static float[] concat(final float[]... parts) {
        int length = 0;
        for (float[] p : parts) {
            length += p.length;
        }
        float[] all = new float[length];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
