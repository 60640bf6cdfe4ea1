package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class Conv2dTest {

    record Case(ConvShape shape, Activation f, boolean bias, long seed) {
    }

    private static Gen<Case> cases() {
        Gen<int[]> image = integers().between(1, 3).zip(integers().between(1, 4), TestData.dimension(11),
                TestData.dimension(11), (b, c, h, w) -> new int[] {b, c, h, w});
        Gen<int[]> filter = integers().between(1, 5).zip(integers().between(1, 5), integers().between(1, 5),
                integers().between(1, 3), (co, kh, kw, s) -> new int[] {co, kh, kw, s});
        return image.zip(filter, integers().between(0, 2), arbitrary().enumValues(Activation.class),
                        integers().between(0, 10_000), (i, f, pad, act, seed) -> {
                            if (i[2] + 2 * pad < f[1] || i[3] + 2 * pad < f[2]) {
                                return null;
                            }
                            ConvShape s = new ConvShape(i[0], i[1], i[2], i[3], f[0], f[1], f[2], f[3], pad);
                            return new Case(s, act, seed % 2 == 0, seed);
                        })
                .assuming(c -> c != null);
    }

    /** The convolution by definition, in double. */
    static double[] reference(final ConvShape s, final double[] x, final double[] w) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        double[] y = new double[(int) s.outputSize()];
        for (int b = 0; b < s.batch(); b++) {
            for (int co = 0; co < s.channelsOut(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = 0;
                        for (int ci = 0; ci < s.channelsIn(); ci++) {
                            for (int ki = 0; ki < s.kernelH(); ki++) {
                                for (int kj = 0; kj < s.kernelW(); kj++) {
                                    int iy = oy * s.stride() - s.pad() + ki;
                                    int ix = ox * s.stride() - s.pad() + kj;
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        sum += w[((co * s.channelsIn() + ci) * s.kernelH() + ki) * s.kernelW() + kj]
                                                * x[((b * s.channelsIn() + ci) * s.height() + iy) * s.width() + ix];
                                    }
                                }
                            }
                        }
                        y[((b * s.channelsOut() + co) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The transposes of the definition's loops: each product term sends dy back to the x and w it read. */
    static void adjoint(final ConvShape s, final double[] x, final double[] w, final double[] dy, final double[] dx,
                        final double[] dw) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        for (int b = 0; b < s.batch(); b++) {
            for (int co = 0; co < s.channelsOut(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double g = dy[((b * s.channelsOut() + co) * oh + oy) * ow + ox];
                        for (int ci = 0; ci < s.channelsIn(); ci++) {
                            for (int ki = 0; ki < s.kernelH(); ki++) {
                                for (int kj = 0; kj < s.kernelW(); kj++) {
                                    int iy = oy * s.stride() - s.pad() + ki;
                                    int ix = ox * s.stride() - s.pad() + kj;
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        int wi = ((co * s.channelsIn() + ci) * s.kernelH() + ki) * s.kernelW() + kj;
                                        int xi = ((b * s.channelsIn() + ci) * s.height() + iy) * s.width() + ix;
                                        dx[xi] += g * w[wi];
                                        dw[wi] += g * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static double dot(final double[] a, final double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void forwardWithBiasAndActivationMatchesTheDefinition() {
        for (GemmKernel kernel : TestData.kernels()) {
            qt().withExamples(60).forAll(cases()).checkAssert(c -> {
                ConvShape s = c.shape();
                SplittableRandom r = new SplittableRandom(c.seed());
                float[] x = TestData.randoms(r, (int) s.inputSize() + 3);
                float[] w = TestData.randoms(r, s.weightSize());
                float[] bias = c.bias() ? TestData.randoms(r, s.channelsOut() + 1) : null;
                float[] y = new float[(int) s.outputSize() + 2];
                Conv2d.forward(kernel, s, x, 3, w, 0, bias, 1, c.f(), 0.1f, y, 2);
                double[] xd = new double[(int) s.inputSize()];
                for (int i = 0; i < xd.length; i++) {
                    xd[i] = x[i + 3];
                }
                double[] expected = reference(s, xd, TestData.toDouble(w));
                int plane = s.outHeight() * s.outWidth();
                for (int i = 0; i < expected.length; i++) {
                    double z = expected[i] + (bias == null ? 0 : bias[1 + (i / plane) % s.channelsOut()]);
                    expected[i] = c.f().apply((float) z, 0.1f);
                }
                TestData.assertClose(kernel.describe() + " " + s + " " + c.f() + " y", expected, y, 2, 1e-5);
            });
        }
    }

    @Test
    void bothBackwardPassesMatchTheAdjointAndFiniteDifferences() {
        for (GemmKernel kernel : TestData.kernels()) {
            qt().withExamples(40).forAll(cases()).checkAssert(c -> {
                ConvShape s = c.shape();
                SplittableRandom r = new SplittableRandom(c.seed());
                float[] x = TestData.randoms(r, (int) s.inputSize());
                float[] w = TestData.randoms(r, s.weightSize() + 2);
                float[] dy = TestData.randoms(r, (int) s.outputSize());
                float[] dx = TestData.randoms(r, (int) s.inputSize()); // overwritten, whatever it held
                float[] dw = TestData.randoms(r, s.weightSize());
                float[] db = TestData.randoms(r, s.channelsOut());
                Conv2d.backwardData(kernel, s, dy, 0, w, 2, dx, 0);
                Conv2d.backwardWeights(kernel, s, x, 0, dy, 0, dw, 0, db, 0);

                double[] xd = TestData.toDouble(x);
                double[] wd = new double[s.weightSize()];
                for (int i = 0; i < wd.length; i++) {
                    wd[i] = w[i + 2];
                }
                double[] dyd = TestData.toDouble(dy);
                // L = <dy, conv(x, w)>: its derivatives are dx and dw. Central differences in double.
                double eps = 1e-3;
                for (int t = 0; t < 6; t++) {
                    int i = r.nextInt(xd.length);
                    double keep = xd[i];
                    xd[i] = keep + eps;
                    double up = dot(dyd, reference(s, xd, wd));
                    xd[i] = keep - eps;
                    double down = dot(dyd, reference(s, xd, wd));
                    xd[i] = keep;
                    assertNear(kernel.describe() + " " + s + " dx[" + i + "]", (up - down) / (2 * eps), dx[i]);
                    int j = r.nextInt(wd.length);
                    keep = wd[j];
                    wd[j] = keep + eps;
                    up = dot(dyd, reference(s, xd, wd));
                    wd[j] = keep - eps;
                    down = dot(dyd, reference(s, xd, wd));
                    wd[j] = keep;
                    assertNear(kernel.describe() + " " + s + " dw[" + j + "]", (up - down) / (2 * eps), dw[j]);
                }
                // Every element, against the adjoint of the definition's loops.
                double[] dxAll = new double[xd.length];
                double[] dwAll = new double[wd.length];
                adjoint(s, xd, wd, dyd, dxAll, dwAll);
                TestData.assertClose(kernel.describe() + " " + s + " dx", dxAll, dx, 0, 1e-5);
                TestData.assertClose(kernel.describe() + " " + s + " dw", dwAll, dw, 0, 1e-5);
                int plane = s.outHeight() * s.outWidth();
                double[] dbAll = new double[s.channelsOut()];
                for (int i = 0; i < dyd.length; i++) {
                    dbAll[(i / plane) % s.channelsOut()] += dyd[i];
                }
                TestData.assertClose(kernel.describe() + " " + s + " db", dbAll, db, 0, 1e-5);
            });
        }
    }

    @Test
    void fashionConvSecondLayerOnThePoolMatchesTheDefinition() {
        // The benchmarked shape: groups of 14x14 images side by side, the batch split over threads.
        ConvShape s = ConvShape.of(6, 32, 14, 14, 64, 5, 1, 2);
        SplittableRandom r = new SplittableRandom(5);
        float[] x = TestData.randoms(r, (int) s.inputSize());
        float[] w = TestData.randoms(r, s.weightSize());
        float[] y = new float[(int) s.outputSize()];
        Conv2d.forward(s, x, 0, w, 0, null, 0, Activation.IDENTITY, 0f, y, 0);
        // 800-term sums: the float error grows with the sum of |terms| (about 200 here), not with the result.
        TestData.assertClose("y", reference(s, TestData.toDouble(x), TestData.toDouble(w)), y, 0, 2e-4);
        float[] dy = TestData.randoms(r, (int) s.outputSize());
        float[] dw = new float[s.weightSize()];
        Conv2d.backwardWeights(s, x, 0, dy, 0, dw, 0, null, 0);
        double[] expected = new double[dw.length];
        adjoint(s, TestData.toDouble(x), TestData.toDouble(w), TestData.toDouble(dy), new double[x.length], expected);
        TestData.assertClose("dw", expected, dw, 0, 2e-4);
    }

    @Test
    void directPathMatchesTheDefinitionOnWideChannelCounts() {
        // Channel counts for the wide and narrow register tiles and their padding (the Vector API kernel takes the
        // direct path for these), strides 1 and 2, paddings 0 to 2 (whose skipped rows and columns differ per
        // block of pixels or taps) and non-square kernels, on the pool.
        int[][] shapes = {
            // batch, cIn, h, w, cOut, kh, kw, stride, pad
            {3, 24, 7, 9, 40, 3, 3, 1, 1},
            {5, 32, 6, 6, 64, 5, 5, 1, 2},
            {2, 70, 5, 4, 97, 3, 2, 1, 0},
            {4, 3, 9, 8, 33, 3, 3, 2, 1},
            {3, 30, 8, 7, 24, 2, 3, 1, 1},
            {2, 1, 11, 10, 32, 5, 5, 1, 2},
            {2, 8, 9, 9, 32, 3, 3, 2, 1},
            {3, 24, 7, 6, 48, 3, 5, 1, 2},
        };
        for (GemmKernel kernel : TestData.kernels()) {
            for (int[] d : shapes) {
                ConvShape s = new ConvShape(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]);
                SplittableRandom r = new SplittableRandom(d[1] * 31 + d[4]);
                float[] x = TestData.randoms(r, (int) s.inputSize() + 1);
                float[] w = TestData.randoms(r, s.weightSize() + 2);
                float[] bias = TestData.randoms(r, s.channelsOut());
                float[] y = new float[(int) s.outputSize() + 3];
                Conv2d.forward(kernel, s, x, 1, w, 2, bias, 0, Activation.LEAKY_RELU, 0.25f, y, 3);
                double[] xd = new double[(int) s.inputSize()];
                for (int i = 0; i < xd.length; i++) {
                    xd[i] = x[i + 1];
                }
                double[] wd = new double[s.weightSize()];
                for (int i = 0; i < wd.length; i++) {
                    wd[i] = w[i + 2];
                }
                double[] expected = reference(s, xd, wd);
                int plane = s.outHeight() * s.outWidth();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = Activation.LEAKY_RELU.apply(
                            (float) (expected[i] + bias[(i / plane) % s.channelsOut()]), 0.25f);
                }
                String what = kernel.describe() + " " + s;
                TestData.assertClose(what + " y", expected, y, 3, 1e-4);

                float[] dy = TestData.randoms(r, (int) s.outputSize() + 1);
                float[] dx = TestData.randoms(r, (int) s.inputSize() + 2);
                float[] dw = TestData.randoms(r, s.weightSize() + 1);
                float[] db = TestData.randoms(r, s.channelsOut() + 1);
                Conv2d.backwardData(kernel, s, dy, 1, w, 2, dx, 2);
                Conv2d.backwardWeights(kernel, s, x, 1, dy, 1, dw, 1, db, 1);
                double[] dyd = new double[(int) s.outputSize()];
                for (int i = 0; i < dyd.length; i++) {
                    dyd[i] = dy[i + 1];
                }
                double[] dxAll = new double[xd.length];
                double[] dwAll = new double[wd.length];
                adjoint(s, xd, wd, dyd, dxAll, dwAll);
                TestData.assertClose(what + " dx", dxAll, dx, 2, 1e-4);
                TestData.assertClose(what + " dw", dwAll, dw, 1, 1e-4);
                double[] dbAll = new double[s.channelsOut()];
                for (int i = 0; i < dyd.length; i++) {
                    dbAll[(i / plane) % s.channelsOut()] += dyd[i];
                }
                TestData.assertClose(what + " db", dbAll, db, 1, 1e-4);
            }
        }
    }

    private static void assertNear(final String what, final double expected, final float actual) {
        if (!(Math.abs(expected - actual) <= 1e-3 * (1 + Math.abs(expected)))) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void badShapesAndBuffersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvShape.of(1, 1, 3, 3, 1, 6, 1, 1));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 0, 3, 3, 1, 1, 1, 0));
        assertTrue(e.getMessage().startsWith("channelsIn"), e.getMessage());
        ConvShape s = ConvShape.of(2, 1, 4, 4, 2, 3, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(s, new float[31], 0, new float[18], 0,
                null, 0, Activation.RELU, 0f, new float[64], 0));
        assertTrue(e.getMessage().startsWith("x is too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.backwardWeights(s, new float[32], 0,
                new float[64], 0, new float[17], 0, null, 0));
        assertTrue(e.getMessage().startsWith("dw is too short"), e.getMessage());
    }

    /**
     * The weight gradient sums over the batch; the same inputs give the same bits on 1 to 4
     * threads and on every repeat (a training run's result must not depend on which thread is
     * first to take work). FashionConv's second layer takes the direct path, a narrow layer im2col.
     */
    @Test
    void theWeightGradientIsTheSameBitsOnAnyNumberOfThreads() {
        ConvShape[] shapes = {new ConvShape(64, 32, 14, 14, 64, 5, 5, 1, 2), new ConvShape(37, 3, 12, 12, 5, 3, 3, 1, 1)};
        for (GemmKernel kernel : TestData.kernels()) {
            for (ConvShape s : shapes) {
                SplittableRandom r = new SplittableRandom(7);
                float[] x = TestData.randoms(r, (int) s.inputSize());
                float[] dy = TestData.randoms(r, (int) s.outputSize());
                float[] firstDw = new float[s.weightSize()];
                float[] firstDb = new float[s.channelsOut()];
                TestData.withThreads(1, () -> Conv2d.backwardWeights(kernel, s, x, 0, dy, 0, firstDw, 0, firstDb, 0));
                for (int threads = 2; threads <= 4; threads++) {
                    TestData.withThreads(threads, () -> {
                        for (int repeat = 0; repeat < 5; repeat++) {
                            float[] dw = new float[s.weightSize()];
                            float[] db = new float[s.channelsOut()];
                            Conv2d.backwardWeights(kernel, s, x, 0, dy, 0, dw, 0, db, 0);
                            String what = kernel.describe() + " " + s + " on " + KernelPool.shared().threads()
                                    + " threads, repeat " + repeat;
                            TestData.assertSameFloats(what + " dw", firstDw, dw);
                            TestData.assertSameFloats(what + " db", firstDb, db);
                        }
                    });
                }
            }
        }
    }
}
