package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization against PyTorch's formulas worked by hand, against the same formulas as
 * double loops over generated shapes ([n] features and [c, h, w] channels, both loop families),
 * and its gradients against finite differences.
 */
class BatchNormTest {

    // ---------------------------------------------------------------- by hand

    /**
     * PyTorch's BatchNorm1d(2, eps=0.5, momentum=0.1) in training mode on a batch of four, worked
     * by hand (eps 0.5 makes every number exact in float). Feature 0 holds 1, 2, 3, 6: mean 3,
     * squared deviations 4 + 1 + 0 + 9 = 14, biased variance 14/4 = 3.5, so invStd =
     * 1/sqrt(3.5 + 0.5) = 0.5 and y = gamma (x - 3) 0.5 + beta = [-1.5, -0.5, 0.5, 3.5] with gamma 2,
     * beta 0.5. Feature 1 is constant 0: variance 0, y = beta = -1. The running statistics start at
     * PyTorch's 0 and 1 and move by 0.1 towards the mean and the unbiased variance 14/3:
     * mean 0.3 and 0, variance 0.9 + 0.1 * 14/3 and 0.9.
     */
    @Test
    void trainingStepMatchesPyTorchsFormulasWorkedByHand() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            float[] x = {1, 0, 2, 0, 3, 0, 6, 0}; // [batch 4, features 2]
            float[] gamma = {2, 1};
            float[] beta = {0.5f, -1};
            float[] runningMean = {0, 0};
            float[] runningVar = {1, 1};
            float[] mean = new float[2];
            float[] invStd = new float[2];
            float[] y = new float[8];
            BatchNorm.training(kernel, x, 0, 4, 2, 1, gamma, 0, beta, 0, 0.5f, 0.1f, runningMean, 0, runningVar, 0,
                    mean, 0, invStd, 0, y, 0);
            TestData.assertSameFloats("y", new float[] {-1.5f, -1, -0.5f, -1, 0.5f, -1, 3.5f, -1}, y);
            TestData.assertSameFloats("mean", new float[] {3, 0}, mean);
            TestData.assertSameFloats("invStd", new float[] {0.5f, (float) (1 / Math.sqrt(0.5))}, invStd);
            TestData.assertSameFloats("running mean", new float[] {(float) 0.3, 0}, runningMean);
            TestData.assertSameFloats("running var", new float[] {(float) (0.9 + 0.1 * 14 / 3.0), (float) 0.9},
                    runningVar);

            // The same numbers as [c=2, h=1, w=2] images, two per batch: N = batch * h * w = 4 per channel,
            // and the unbiased correction is 4/3 (BatchNorm2d counts the pixels too).
            float[] images = {1, 2, 0, 0, 3, 6, 0, 0};
            float[] rm = {0, 0};
            float[] rv = {1, 1};
            float[] yImages = new float[8];
            BatchNorm.training(kernel, images, 0, 2, 2, 2, gamma, 0, beta, 0, 0.5f, 0.1f, rm, 0, rv, 0, mean, 0,
                    invStd, 0, yImages, 0);
            TestData.assertSameFloats("y images", new float[] {-1.5f, -0.5f, -1, -1, 0.5f, 3.5f, -1, -1}, yImages);
            TestData.assertSameFloats("running mean images", runningMean, rm);
            TestData.assertSameFloats("running var images", runningVar, rv);

            // Predicting uses the running statistics: y = gamma (x - 0.3) / sqrt(var + eps) + beta.
            float[] scratch = new float[2];
            float[] predicted = new float[8];
            BatchNorm.inference(kernel, x, 0, 4, 2, 1, gamma, 0, beta, 0, 0.5f, runningMean, 0, runningVar, 0,
                    scratch, 0, predicted, 0);
            for (int b = 0; b < 4; b++) {
                double expected = 2 * (x[2 * b] - 0.3) / Math.sqrt(0.9 + 0.1 * 14 / 3.0 + 0.5) + 0.5;
                assertEquals(expected, predicted[2 * b], 1e-6);
                assertEquals(-1f, predicted[2 * b + 1]);
            }
        }
    }

    /**
     * The backward pass of the same step by hand, with g = 1 on the first sample of feature 0 only:
     * dBeta = sum g = 1; xhat = (x - 3) 0.5 = [-1, -0.5, 0, 1.5], dGamma = sum g xhat = -1;
     * dx = gamma invStd / N (N g - dBeta - xhat dGamma) = 0.25 (4 g - 1 + xhat) = [0.5, -0.375, -0.25, 0.125].
     */
    @Test
    void backwardMatchesPyTorchsFormulasWorkedByHand() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            float[] x = {1, 0, 2, 0, 3, 0, 6, 0};
            float[] g = {1, 0, 0, 0, 0, 0, 0, 0};
            float[] mean = new float[2];
            float[] invStd = new float[2];
            BatchNorm.statistics(kernel, x, 0, 4, 2, 1, 0.5f, mean, 0, invStd, 0);
            float[] dx = new float[8];
            float[] dGamma = new float[2];
            float[] dBeta = new float[2];
            BatchNorm.backward(kernel, x, 0, g, 0, 4, 2, 1, new float[] {2, 1}, 0, mean, 0, invStd, 0, dx, 0, dGamma, 0,
                    dBeta, 0);
            TestData.assertSameFloats("dx", new float[] {0.5f, 0, -0.375f, 0, -0.25f, 0, 0.125f, 0}, dx);
            TestData.assertSameFloats("dGamma", new float[] {-1, 0}, dGamma);
            TestData.assertSameFloats("dBeta", new float[] {1, 0}, dBeta);
        }
    }

    // ---------------------------------------------------------------- the formulas in double

    /** PyTorch's training forward in double: y, and per channel the mean and biased variance. */
    private record Forward(double[] y, double[] mean, double[] variance) {
    }

    private static Forward forward(final double[] x, final int batch, final int channels, final int inner,
                                   final double[] gamma, final double[] beta, final double eps) {
        double[] mean = new double[channels];
        double[] variance = new double[channels];
        double[] y = new double[x.length];
        int count = batch * inner;
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < inner; i++) {
                    mean[c] += x[(b * channels + c) * inner + i];
                }
            }
            mean[c] /= count;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < inner; i++) {
                    double d = x[(b * channels + c) * inner + i] - mean[c];
                    variance[c] += d * d;
                }
            }
            variance[c] /= count;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < inner; i++) {
                    int at = (b * channels + c) * inner + i;
                    y[at] = gamma[c] * (x[at] - mean[c]) / Math.sqrt(variance[c] + eps) + beta[c];
                }
            }
        }
        return new Forward(y, mean, variance);
    }

    /** A generated problem: a shape, data and parameters, on one loop family. */
    private record Problem(int batch, int channels, int inner, float[] x, float[] gamma, float[] beta,
                           float[] runningMean, float[] runningVar, float[] g) {
        static Problem of(final int batch, final int channels, final int inner, final long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = batch * channels * inner;
            float[] x = TestData.randoms(r, n);
            for (int i = 0; i < n; i++) { // a different centre and spread per channel
                int c = (i / inner) % channels;
                x[i] = x[i] * (1 + c % 3) + c - 2;
            }
            float[] gamma = TestData.randoms(r, channels);
            float[] runningVar = TestData.randoms(r, channels);
            for (int c = 0; c < channels; c++) {
                runningVar[c] = 0.5f + Math.abs(runningVar[c]);
            }
            return new Problem(batch, channels, inner, x, gamma, TestData.randoms(r, channels),
                    TestData.randoms(r, channels), runningVar, TestData.randoms(r, n));
        }

        int n() {
            return batch * channels * inner;
        }
    }

    /** eps of the generated tests: large enough that a batch with nearly equal values is not a division by almost 0. */
    private static final float EPS = 0.01f;
    private static final float MOMENTUM = 0.25f;

    @Test
    void trainingInferenceAndBackwardMatchTheFormulasInDoubleOnBothPathsAndLayouts() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(150).forAll(TestData.dimension(17), TestData.dimension(33),
                            integers().between(1, 50).map(i -> i <= 20 ? 1 : i - 20), integers().between(0, 100_000))
                    .checkAssert((batch, channels, inner, seed) -> check(kernel, Problem.of(batch, channels, inner, seed)));
        }
    }

    private static void check(final ElementwiseKernel kernel, final Problem p) {
        String what = kernel.describe() + " [" + p.batch() + ", " + p.channels() + ", " + p.inner() + "]";
        int n = p.n();
        int channels = p.channels();
        Forward f = forward(TestData.toDouble(p.x()), p.batch(), channels, p.inner(), TestData.toDouble(p.gamma()),
                TestData.toDouble(p.beta()), EPS);
        float[] runningMean = p.runningMean().clone();
        float[] runningVar = p.runningVar().clone();
        float[] mean = new float[channels + 1];
        float[] invStd = new float[channels + 1];
        float[] y = new float[n + 2];
        BatchNorm.training(kernel, p.x(), 0, p.batch(), channels, p.inner(), p.gamma(), 0, p.beta(), 0, EPS, MOMENTUM,
                runningMean, 0, runningVar, 0, mean, 1, invStd, 1, y, 2);
        TestData.assertClose(what + " y", f.y(), y, 2, 2e-5);
        TestData.assertClose(what + " mean", f.mean(), mean, 1, 1e-6);
        double[] inverse = new double[channels];
        double[] expectedMean = new double[channels];
        double[] expectedVar = new double[channels];
        int count = p.batch() * p.inner();
        for (int c = 0; c < channels; c++) {
            inverse[c] = 1 / Math.sqrt(f.variance()[c] + EPS);
            double unbiased = count > 1 ? f.variance()[c] * count / (count - 1) : f.variance()[c];
            expectedMean[c] = (1 - MOMENTUM) * p.runningMean()[c] + MOMENTUM * f.mean()[c];
            expectedVar[c] = (1 - MOMENTUM) * p.runningVar()[c] + MOMENTUM * unbiased;
        }
        TestData.assertClose(what + " invStd", inverse, invStd, 1, 1e-5);
        TestData.assertClose(what + " running mean", expectedMean, runningMean, 0, 1e-6);
        TestData.assertClose(what + " running var", expectedVar, runningVar, 0, 1e-5);

        // y may be x: in place gives the same floats.
        float[] inPlace = p.x().clone();
        BatchNorm.training(kernel, inPlace, 0, p.batch(), channels, p.inner(), p.gamma(), 0, p.beta(), 0, EPS,
                MOMENTUM, null, 0, null, 0, mean, 1, invStd, 1, inPlace, 0);
        TestData.assertSameFloats(what + " in place", Arrays.copyOfRange(y, 2, 2 + n), inPlace);

        // Inference with the running statistics, in double.
        float[] predicted = new float[n];
        float[] scratch = new float[channels];
        BatchNorm.inference(kernel, p.x(), 0, p.batch(), channels, p.inner(), p.gamma(), 0, p.beta(), 0, EPS,
                p.runningMean(), 0, p.runningVar(), 0, scratch, 0, predicted, 0);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            int c = (i / p.inner()) % channels;
            expected[i] = p.gamma()[c] * (p.x()[i] - (double) p.runningMean()[c])
                    / Math.sqrt(p.runningVar()[c] + (double) EPS) + p.beta()[c];
        }
        TestData.assertClose(what + " inference", expected, predicted, 0, 1e-5);

        // Backward: the interpreter's formula in double.
        float[] dx = new float[n];
        float[] dGamma = new float[channels];
        float[] dBeta = new float[channels];
        BatchNorm.backward(kernel, p.x(), 0, p.g(), 0, p.batch(), channels, p.inner(), p.gamma(), 0, mean, 1, invStd,
                1, dx, 0, dGamma, 0, dBeta, 0);
        double[] sumG = new double[channels];
        double[] sumGXhat = new double[channels];
        for (int i = 0; i < n; i++) {
            int c = (i / p.inner()) % channels;
            sumG[c] += p.g()[i];
            sumGXhat[c] += p.g()[i] * (p.x()[i] - f.mean()[c]) * inverse[c];
        }
        double[] expectedDx = new double[n];
        for (int i = 0; i < n; i++) {
            int c = (i / p.inner()) % channels;
            double xhat = (p.x()[i] - f.mean()[c]) * inverse[c];
            expectedDx[i] = p.gamma()[c] * inverse[c] / count * (count * p.g()[i] - sumG[c] - xhat * sumGXhat[c]);
        }
        TestData.assertClose(what + " dBeta", sumG, dBeta, 0, 1e-5);
        TestData.assertClose(what + " dGamma", sumGXhat, dGamma, 0, 1e-4);
        TestData.assertClose(what + " dx", expectedDx, dx, 0, 1e-4);
        float[] gInPlace = p.g().clone();
        BatchNorm.backward(kernel, p.x(), 0, gInPlace, 0, p.batch(), channels, p.inner(), p.gamma(), 0, mean, 1,
                invStd, 1, gInPlace, 0, dGamma, 0, dBeta, 0);
        TestData.assertSameFloats(what + " dx in place", dx, gInPlace);
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheTrainingForward() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(40).forAll(TestData.dimension(5), TestData.dimension(5), integers().between(1, 9),
                            integers().between(0, 100_000))
                    .assuming((batch, channels, inner, seed) -> batch * inner > 1)
                    .checkAssert((batch, channels, inner, seed) -> {
                        Problem p = Problem.of(batch, channels, inner, seed);
                        int n = p.n();
                        float[] mean = new float[channels];
                        float[] invStd = new float[channels];
                        BatchNorm.statistics(kernel, p.x(), 0, batch, channels, inner, EPS, mean, 0, invStd, 0);
                        float[] dx = new float[n];
                        float[] dGamma = new float[channels];
                        float[] dBeta = new float[channels];
                        BatchNorm.backward(kernel, p.x(), 0, p.g(), 0, batch, channels, inner, p.gamma(), 0, mean, 0,
                                invStd, 0, dx, 0, dGamma, 0, dBeta, 0);
                        double[] x = TestData.toDouble(p.x());
                        double[] gamma = TestData.toDouble(p.gamma());
                        double[] beta = TestData.toDouble(p.beta());
                        String what = kernel.describe() + " [" + batch + ", " + channels + ", " + inner + "]";
                        TestData.assertClose(what + " dx", differences(x, x, gamma, beta, p), dx, 0, 1e-4);
                        TestData.assertClose(what + " dGamma", differences(gamma, x, gamma, beta, p), dGamma, 0, 1e-4);
                        TestData.assertClose(what + " dBeta", differences(beta, x, gamma, beta, p), dBeta, 0, 1e-4);
                    });
        }
    }

    /** Central differences of sum(g * y) with respect to each element of v (x, gamma or beta). */
    private static double[] differences(final double[] v, final double[] x, final double[] gamma, final double[] beta,
                                        final Problem p) {
        double eps = 1e-6;
        double[] fd = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            double keep = v[k];
            v[k] = keep + eps;
            double up = weighted(forward(x, p.batch(), p.channels(), p.inner(), gamma, beta, EPS).y(), p.g());
            v[k] = keep - eps;
            double down = weighted(forward(x, p.batch(), p.channels(), p.inner(), gamma, beta, EPS).y(), p.g());
            v[k] = keep;
            fd[k] = (up - down) / (2 * eps);
        }
        return fd;
    }

    private static double weighted(final double[] y, final float[] g) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += g[i] * y[i];
        }
        return s;
    }

    @Test
    void largeTensorsSplitOverThePoolGiveTheSameFloatsAsOneThread() {
        // 3 channels of 50 x 50 pixels and 700 features: above the parallel threshold, several items.
        int[][] shapes = {{40, 3, 2500}, {400, 700, 1}};
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            for (int[] s : shapes) {
                assertTrue(s[0] * s[1] * s[2] >= BatchNorm.PARALLEL_MIN, Arrays.toString(s));
                Problem p = Problem.of(s[0], s[1], s[2], 17);
                float[][] serial = runAll(kernel, p);
                float[][][] parallel = new float[1][][];
                TestData.withThreads(3, () -> parallel[0] = runAll(kernel, p));
                for (int i = 0; i < serial.length; i++) {
                    TestData.assertSameFloats(kernel.describe() + " " + Arrays.toString(s) + " output " + i, serial[i],
                            parallel[0][i]);
                }
            }
        }
    }

    /** Training, inference and backward on one problem: every output, in one list. */
    private static float[][] runAll(final ElementwiseKernel kernel, final Problem p) {
        int n = p.n();
        int c = p.channels();
        float[] rm = p.runningMean().clone();
        float[] rv = p.runningVar().clone();
        float[] mean = new float[c];
        float[] invStd = new float[c];
        float[] y = new float[n];
        BatchNorm.training(kernel, p.x(), 0, p.batch(), c, p.inner(), p.gamma(), 0, p.beta(), 0, EPS, MOMENTUM, rm, 0,
                rv, 0, mean, 0, invStd, 0, y, 0);
        float[] predicted = new float[n];
        float[] scratch = new float[c];
        BatchNorm.inference(kernel, p.x(), 0, p.batch(), c, p.inner(), p.gamma(), 0, p.beta(), 0, EPS, rm, 0, rv, 0,
                scratch, 0, predicted, 0);
        float[] dx = new float[n];
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        BatchNorm.backward(kernel, p.x(), 0, p.g(), 0, p.batch(), c, p.inner(), p.gamma(), 0, mean, 0, invStd, 0, dx,
                0, dGamma, 0, dBeta, 0);
        return new float[][] {y, mean, invStd, rm, rv, predicted, scratch, dx, dGamma, dBeta};
    }

    @Test
    void argumentErrorsSayWhatIsWrong() {
        float[] x = new float[12];
        float[] two = new float[2];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.statistics(x, 0, 0, 2, 1, 1e-5f, two, 0, new float[2], 0));
        assertEquals("batch must be positive (batch statistics need a sample), got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.statistics(x, 0, 3, 2, 2, 0f, two, 0, new float[2], 0));
        assertEquals("eps must be a positive finite number, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.training(x, 0, 3, 2, 2, two, 0, two, 0, 1e-5f, 1.5f, new float[2], 0, new float[2], 0,
                        new float[2], 0, new float[2], 0, new float[12], 0));
        assertEquals("momentum must be in [0, 1], got 1.5", e.getMessage());
        float[] three = new float[3];
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.statistics(x, 0, 3, 2, 2, 1e-5f, three, 0, three, 1));
        assertEquals("invStd (2 floats from offset 1) must not overlap mean (2 floats from offset 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.inference(x, 0, 3, 2, 2, two, 0, two, 0, 1e-5f, two, 0, new float[1], 0, new float[2], 0,
                        x, 0));
        assertEquals("runningVar is too short: needs 2 floats from offset 0, got 1 in all", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.backward(x, 0, x, 0, 3, 2, 2, two, 0, two, 0, two, 0, null, 0, new float[2], 0, null, 0));
        assertEquals("dBeta must not be null", e.getMessage());
    }
}
