package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sums and means of all elements or per sample, their gradients, and the per-channel sums, against double loops. */
class ReductionsTest {

    @Test
    void sumsAndMeansOfRowsMatchDoubleLoopsOnBothPaths() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(150).forAll(TestData.dimension(9), integers().between(1, 5000), booleans().all(),
                            integers().between(0, 100_000))
                    .checkAssert((rows, cols, mean, seed) -> {
                        SplittableRandom r = new SplittableRandom(seed);
                        int off = r.nextInt(3);
                        float[] x = TestData.randoms(r, off + rows * cols);
                        double[] expected = new double[rows];
                        double[] magnitude = new double[rows];
                        for (int i = 0; i < rows; i++) {
                            for (int j = 0; j < cols; j++) {
                                expected[i] += x[off + i * cols + j];
                                magnitude[i] += Math.abs(x[off + i * cols + j]);
                            }
                            expected[i] /= mean ? cols : 1;
                            magnitude[i] /= mean ? cols : 1;
                        }
                        float[] out = new float[rows + 1];
                        Reductions.rows(kernel, x, off, rows, cols, out, 1, mean);
                        for (int i = 0; i < rows; i++) {
                            // Float lanes over blocks of 1024: at most 64 float roundings per lane and block.
                            double err = Math.abs(out[1 + i] - expected[i]);
                            if (err > 1e-6 * magnitude[i] + Math.ulp((float) expected[i])) {
                                throw new AssertionError(kernel.describe() + (mean ? " mean" : " sum") + " row " + i
                                        + ": expected " + expected[i] + ", got " + out[1 + i]);
                            }
                        }
                    });
        }
    }

    @Test
    void theGradientsOfSumAndMeanSpreadEachRowsValueAndMatchFiniteDifferences() {
        qt().withExamples(60).forAll(TestData.dimension(7), TestData.dimension(49), integers().between(0, 1000))
                .checkAssert((rows, cols, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] g = TestData.randoms(r, rows);
                    float[] dSum = new float[rows * cols];
                    float[] dMean = new float[rows * cols];
                    Reductions.sumBackward(g, 0, rows, cols, dSum, 0);
                    Reductions.meanBackward(g, 0, rows, cols, dMean, 0);
                    // sum_r g_r * mean(row r) is linear: its central difference is exact up to rounding.
                    float[] x = TestData.randoms(r, rows * cols);
                    double[] fdSum = new double[x.length];
                    double[] fdMean = new double[x.length];
                    double eps = 1e-3;
                    for (int i = 0; i < x.length; i++) {
                        double[] xd = TestData.toDouble(x);
                        xd[i] += eps;
                        double up = weightedRowSums(xd, g, rows, cols);
                        xd[i] -= 2 * eps;
                        double down = weightedRowSums(xd, g, rows, cols);
                        fdSum[i] = (up - down) / (2 * eps);
                        fdMean[i] = fdSum[i] / cols;
                    }
                    TestData.assertClose("d sum", fdSum, dSum, 0, 1e-7);
                    TestData.assertClose("d mean", fdMean, dMean, 0, 1e-7);
                    for (int i = 0; i < x.length; i++) { // and exactly g, or g / cols rounded once
                        assertEquals(g[i / cols], dSum[i]);
                        assertEquals((float) ((double) g[i / cols] / cols), dMean[i]);
                    }
                });
    }

    private static double weightedRowSums(final double[] x, final float[] g, final int rows, final int cols) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s += g[i] * x[i * cols + j];
            }
        }
        return s;
    }

    @Test
    void reduceToAndPerChannelSumsMatchDoubleLoopsOnBothPaths() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(150).forAll(TestData.dimension(17), TestData.dimension(33), TestData.dimension(49),
                            integers().between(0, 100_000))
                    .checkAssert((batch, channels, inner, seed) -> {
                        SplittableRandom r = new SplittableRandom(seed);
                        int size = channels * inner;
                        int n = batch * size;
                        float[] g = TestData.randoms(r, n + 2);
                        double[] perChannel = new double[channels];
                        double[] perElement = new double[size];
                        double all = 0;
                        double magnitude = 0;
                        for (int b = 0; b < batch; b++) {
                            for (int c = 0; c < channels; c++) {
                                for (int i = 0; i < inner; i++) {
                                    double v = g[2 + (b * channels + c) * inner + i];
                                    perChannel[c] += v;
                                    perElement[c * inner + i] += v;
                                    all += v;
                                    magnitude += Math.abs(v);
                                }
                            }
                        }
                        float[] out = new float[size + 1];
                        Reductions.sumPerChannel(kernel, g, 2, batch, channels, inner, out, 1);
                        TestData.assertClose(kernel.describe() + " per channel", perChannel, out, 1, 1e-5);
                        Reductions.reduceTo(kernel, g, 2, n, out, 1, size);
                        TestData.assertClose(kernel.describe() + " over the batch", perElement, out, 1, 1e-5);
                        Reductions.reduceTo(kernel, g, 2, n, out, 0, 1);
                        // Thousands of terms that cancel: float summation is good to a small multiple of
                        // the float epsilon times the sum of their magnitudes, not of the (small) result.
                        assertTrue(Math.abs(out[0] - all) <= 1e-6 * magnitude, kernel.describe() + " to a scalar: "
                                + "expected " + all + ", got " + out[0] + " (sum of magnitudes " + magnitude + ")");
                    });
        }
    }

    @Test
    void argumentErrorsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.sum(new float[6], 0, 2, 4, new float[2], 0));
        assertEquals("x is too short: needs 8 floats from offset 0, got 6 in all", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.mean(new float[6], 0, 2, 0, new float[2], 0));
        assertEquals("cols must be positive, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.sumPerChannel(new float[12], 0, 2, 3, 2, new float[2], 0));
        assertEquals("out is too short: needs 3 floats from offset 0, got 2 in all", e.getMessage());
        float[] shared = new float[8];
        e = assertThrows(IllegalArgumentException.class, () -> Reductions.meanBackward(shared, 0, 2, 3, shared, 1));
        assertEquals("dx (6 floats from offset 1) must not overlap g (2 floats from offset 0)", e.getMessage());
    }
}
