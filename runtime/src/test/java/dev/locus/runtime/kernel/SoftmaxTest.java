package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Softmax and log-softmax per row, and their gradients, against a naive double definition and finite differences. */
class SoftmaxTest {

    /** The naive definition, without the shift by the maximum (inputs stay small enough for it). */
    private static double[] naive(final double[] x, final int rows, final int cols, final boolean log) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int i = 0; i < cols; i++) {
                z += Math.exp(x[r * cols + i]);
            }
            for (int i = 0; i < cols; i++) {
                double p = Math.exp(x[r * cols + i]) / z;
                y[r * cols + i] = log ? Math.log(p) : p;
            }
        }
        return y;
    }

    @Test
    void forwardMatchesTheDefinitionAndBackwardMatchesFiniteDifferences() {
        qt().withExamples(120).forAll(TestData.dimension(7), TestData.dimension(97), booleans().all(),
                        integers().between(0, 100_000))
                .checkAssert((rows, cols, log, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int n = rows * cols;
                    float[] x = new float[n];
                    for (int i = 0; i < n; i++) {
                        x[i] = (float) ((r.nextDouble() * 2 - 1) * 8);
                    }
                    float[] y = new float[n + 1];
                    if (log) {
                        Softmax.logSoftmax(x, 0, rows, cols, y, 1);
                    } else {
                        Softmax.softmax(x, 0, rows, cols, y, 1);
                    }
                    String what = (log ? "log_softmax" : "softmax") + " " + rows + "x" + cols;
                    TestData.assertClose(what, naive(TestData.toDouble(x), rows, cols, log), y, 1, 1e-6);
                    float[] g = TestData.randoms(r, n);
                    float[] dx = new float[n];
                    if (log) {
                        Softmax.logSoftmaxBackward(y, 1, g, 0, rows, cols, dx, 0);
                    } else {
                        Softmax.softmaxBackward(y, 1, g, 0, rows, cols, dx, 0);
                    }
                    double eps = 1e-6;
                    double[] xd = TestData.toDouble(x);
                    double[] fd = new double[n];
                    for (int i = 0; i < n; i++) {
                        double keep = xd[i];
                        xd[i] = keep + eps;
                        double up = dot(g, naive(xd, rows, cols, log));
                        xd[i] = keep - eps;
                        double down = dot(g, naive(xd, rows, cols, log));
                        xd[i] = keep;
                        fd[i] = (up - down) / (2 * eps);
                    }
                    TestData.assertClose("d " + what, fd, dx, 0, 2e-5);
                });
    }

    private static double dot(final float[] g, final double[] y) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += g[i] * y[i];
        }
        return s;
    }

    /**
     * The interpreter's computation (ElementwiseOps.softmax and GradientOps.softmaxGrad, in
     * double, shifted by the row's maximum), written out here: for the same float inputs the
     * kernel gives its doubles rounded to float, bit for bit.
     */
    @Test
    void resultsAreTheInterpretersDoublesRoundedOnce() {
        SplittableRandom r = new SplittableRandom(3);
        int rows = 5;
        int cols = 11;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * 30);
        }
        float[] g = TestData.randoms(r, x.length);
        float[] p = new float[x.length];
        float[] logp = new float[x.length];
        float[] dp = new float[x.length];
        float[] dlogp = new float[x.length];
        Softmax.softmax(x, 0, rows, cols, p, 0);
        Softmax.logSoftmax(x, 0, rows, cols, logp, 0);
        Softmax.softmaxBackward(p, 0, g, 0, rows, cols, dp, 0);
        Softmax.logSoftmaxBackward(logp, 0, g, 0, rows, cols, dlogp, 0);
        for (int s = 0; s < rows; s++) {
            int base = s * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < cols; i++) {
                max = Math.max(max, x[base + i]);
            }
            double sum = 0;
            for (int i = 0; i < cols; i++) {
                sum += Math.exp(x[base + i] - max);
            }
            double lse = max + Math.log(sum);
            double gy = 0;
            double gs = 0;
            for (int i = 0; i < cols; i++) {
                gy += g[base + i] * (double) p[base + i];
                gs += g[base + i];
            }
            for (int i = 0; i < cols; i++) {
                double l = x[base + i] - lse;
                assertEquals((float) Math.exp(l), p[base + i]);
                assertEquals((float) l, logp[base + i]);
                assertEquals((float) (p[base + i] * (g[base + i] - gy)), dp[base + i]);
                assertEquals((float) (g[base + i] - Math.exp(logp[base + i]) * gs), dlogp[base + i]);
            }
        }
    }

    @Test
    void largeScoresDoNotOverflowAndInfinityGivesNaNAsInTheInterpreter() {
        float[] x = {1000f, 999f, -1000f, Float.POSITIVE_INFINITY, 0f, 1f};
        float[] y = new float[6];
        Softmax.softmax(x, 0, 2, 3, y, 0);
        assertEquals((float) (1 / (1 + Math.exp(-1))), y[0]);
        assertEquals((float) (Math.exp(-1) / (1 + Math.exp(-1))), y[1]);
        assertEquals(0f, y[2]);
        assertTrue(Float.isNaN(y[3]), "inf - inf");
        assertEquals(0f, y[4]);
        // In place.
        Softmax.logSoftmax(x, 0, 1, 3, x, 0);
        assertEquals((float) -Math.log1p(Math.exp(-1)), x[0]);
    }

    @Test
    void argumentErrorsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmax(new float[10], 0, 2, 5, new float[10], 1));
        assertEquals("y is too short: needs 10 floats from offset 1, got 10 in all", e.getMessage());
        float[] shared = new float[12];
        e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmaxBackward(new float[6], 0, shared, 0, 2, 3, shared, 3));
        assertEquals("dx (6 floats from offset 3) overlaps g (6 floats from offset 0) without being the same range",
                e.getMessage());
    }
}
