package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Activations, pooling and dropout against definitions written in double, and their gradients against finite differences. */
class ElementwiseTest {
    private static final float SLOPE = 0.07f;

    private static DoubleUnaryOperator reference(final Activation f) {
        switch (f) {
            case RELU:
                return z -> Math.max(z, 0);
            case TANH:
                return Math::tanh;
            case SIGMOID:
                return z -> 1 / (1 + Math.exp(-z));
            case LEAKY_RELU:
                return z -> z > 0 ? z : SLOPE * z;
            default:
                return z -> z;
        }
    }

    @Test
    void biasAndActivationForwardAndBackwardMatchDefinitionAndFiniteDifferences() {
        qt().withExamples(80).forAll(arbitrary().enumValues(Activation.class), TestData.dimension(5),
                        TestData.dimension(20), integers().between(0, 1000))
                .checkAssert((f, channels, spatial, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int batch = 1 + r.nextInt(3);
                    int n = batch * channels * spatial;
                    float[] x = TestData.randoms(r, n);
                    for (int i = 0; i < n; i++) { // keep away from the kink of relu at 0
                        x[i] = x[i] * 3 + (x[i] >= 0 ? 0.05f : -0.05f);
                    }
                    float[] bias = new float[channels]; // zero bias keeps z = x away from the kink too
                    float[] y = x.clone();
                    Activations.forward(f, SLOPE, y, 0, batch, channels, spatial, bias, 0);
                    DoubleUnaryOperator g = reference(f);
                    double[] expected = new double[n];
                    for (int i = 0; i < n; i++) {
                        expected[i] = g.applyAsDouble(x[i]);
                    }
                    TestData.assertClose(f + " y", expected, y, 0, 1e-6);
                    float[] dy = TestData.randoms(r, n);
                    float[] dz = new float[n];
                    float[] db = new float[channels];
                    Activations.backward(f, SLOPE, y, 0, dy, 0, dz, 0, batch, channels, spatial, db, 0);
                    double[] fd = new double[n];
                    double[] dbExpected = new double[channels];
                    double eps = 1e-6;
                    for (int i = 0; i < n; i++) {
                        fd[i] = dy[i] * (g.applyAsDouble(x[i] + eps) - g.applyAsDouble(x[i] - eps)) / (2 * eps);
                        dbExpected[(i / spatial) % channels] += fd[i];
                    }
                    TestData.assertClose(f + " dz", fd, dz, 0, 1e-5);
                    TestData.assertClose(f + " dBias", dbExpected, db, 0, 1e-4);
                });
    }

    @Test
    void biasIsAddedPerChannel() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        Activations.forward(Activation.IDENTITY, 0f, x, 0, 2, 2, 2, new float[] {10, 20}, 0);
        assertTrue(java.util.Arrays.equals(new float[] {11, 12, 23, 24, 15, 16, 27, 28}, x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.forward(Activation.LEAKY_RELU, -1f, x, 0, 1, 1, 1, null, 0));
        assertTrue(e.getMessage().startsWith("leaky relu slope"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Activations.forward(Activation.RELU, 0f, x, 0, 2, 2, 2, new float[1], 0));
        assertTrue(e.getMessage().startsWith("bias is too short"), e.getMessage());
    }

    @Test
    void poolingForwardMatchesDefinitionAndBackwardMatchesFiniteDifferences() {
        // The window's size is drawn within the image (an assumption filtering sizes out gave up, now and then,
        // on small images).
        qt().withExamples(80).forAll(TestData.dimension(13), TestData.dimension(13), integers().between(0, 3),
                        integers().between(0, 10_000))
                .checkAssert((h, w, sizeDraw, seed) -> {
                    int size = 1 + sizeDraw % Math.min(4, Math.min(h, w));
                    SplittableRandom r = new SplittableRandom(seed);
                    int stride = 1 + r.nextInt(3);
                    PoolShape s = new PoolShape(1 + r.nextInt(2), 1 + r.nextInt(3), h, w, size, stride);
                    float[] x = TestData.randoms(r, (int) s.inputSize());
                    float[] dy = TestData.randoms(r, (int) s.outputSize());
                    for (boolean max : new boolean[] {true, false}) {
                        float[] y = new float[(int) s.outputSize()];
                        int[] arg = new int[y.length];
                        float[] dx = TestData.randoms(r, x.length);
                        if (max) {
                            Pooling.maxForward(s, x, 0, y, 0, arg, 0);
                            Pooling.maxBackward(s, dy, 0, arg, 0, dx, 0);
                        } else {
                            Pooling.averageForward(s, x, 0, y, 0);
                            Pooling.averageBackward(s, dy, 0, dx, 0);
                        }
                        double[] xd = TestData.toDouble(x);
                        TestData.assertClose((max ? "max " : "avg ") + s + " y", pool(s, xd, max), y, 0, 1e-6);
                        double eps = 1e-7; // smaller than any gap between two random values, so max keeps its choice
                        double[] fd = new double[x.length];
                        for (int i = 0; i < x.length; i++) {
                            double keep = xd[i];
                            xd[i] = keep + eps;
                            double up = dot(dy, pool(s, xd, max));
                            xd[i] = keep - eps;
                            double down = dot(dy, pool(s, xd, max));
                            xd[i] = keep;
                            fd[i] = (up - down) / (2 * eps);
                        }
                        TestData.assertClose((max ? "max " : "avg ") + s + " dx", fd, dx, 0, 1e-5);
                    }
                });
    }

    private static double dot(final float[] a, final double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] pool(final PoolShape s, final double[] x, final boolean max) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        double[] y = new double[(int) s.outputSize()];
        for (int p = 0; p < s.planes(); p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int i = 0; i < s.size(); i++) {
                        for (int j = 0; j < s.size(); j++) {
                            double v = x[(p * s.height() + oy * s.stride() + i) * s.width() + ox * s.stride() + j];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = max ? acc : acc / (s.size() * s.size());
                }
            }
        }
        return y;
    }

    @Test
    void aSigmoidSaturatedBelowGivesZeroNotASubnormalOnEveryPathAndAboveItTheUsualValue() {
        // sigmoid(z) ~ e^z falls under 2^-126 at z = -87.34; from there on a float holds it only
        // as a subnormal. Pre-activations from -120 to -60, through the bias, as a dense layer, a
        // conv layer and an IR activation op.
        int n = 61;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = -120f + i;
        }
        float[] dense = z.clone();
        Activations.forward(Activation.SIGMOID, 0f, dense, 0, 1, n, 1, new float[n], 0);
        float[] conv = z.clone();
        Activations.forward(Activation.SIGMOID, 0f, conv, 0, 1, 1, n, new float[1], 0);
        float[] mapped = new float[n];
        Activations.map(Activation.SIGMOID, 0f, z, 0, mapped, 0, n);
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            float exact = (float) (1 / (1 + Math.exp(-(double) z[i])));
            float expected = Math.abs(exact) < Float.MIN_NORMAL ? 0f : exact;
            zeros += expected == 0f ? 1 : 0;
            assertEquals(expected, dense[i], "dense, z = " + z[i]);
            assertEquals(expected, conv[i], "conv, z = " + z[i]);
            assertEquals(expected, mapped[i], "map, z = " + z[i]);
            assertEquals(expected, Activation.SIGMOID.apply(z[i], 0f), "apply, z = " + z[i]);
        }
        assertEquals(33, zeros, "z = -120 to -88 are below 2^-126; -87 is not");
    }

    @Test
    void fashionConvPoolingHalvesTheImage() {
        PoolShape s = new PoolShape(64, 32, 28, 28, 2, 2);
        assertEquals(14, s.outHeight());
        assertEquals(7, new PoolShape(64, 64, 14, 14, 2, 2).outWidth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoolShape(1, 1, 3, 3, 4, 1));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void dropoutKeepsTheRightShareScaledAndFollowsTheRandomWords() {
        float p = 0.25f;
        int n = 40_000;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 2f);
        float[] y = new float[n];
        float[] mask = new float[n];
        SplittableRandom words = new SplittableRandom(9);
        Dropout.forward(p, words::nextLong, x, 0, y, 0, mask, 0, n);
        int kept = 0;
        SplittableRandom again = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            boolean keep = (again.nextLong() >>> 40) * 0x1.0p-24 >= p;
            assertEquals(keep ? 1f / (1f - p) : 0f, mask[i], "mask[" + i + "]");
            assertEquals(2f * mask[i], y[i], "y[" + i + "]");
            kept += keep ? 1 : 0;
        }
        // Binomial(40000, 0.75): standard deviation about 87; five of them either side.
        assertTrue(Math.abs(kept - 0.75 * n) < 5 * 87, "kept " + kept);
        float[] dy = new float[n];
        java.util.Arrays.fill(dy, 3f);
        float[] dx = new float[n];
        Dropout.backward(dy, 0, mask, 0, dx, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(3f * mask[i], dx[i]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.forward(1f, words::nextLong, x, 0, y, 0, mask, 0, 1));
        assertTrue(e.getMessage().startsWith("p must be in [0, 1)"), e.getMessage());
    }

    @Test
    void theMaskAloneIsTheMaskOfTheForwardPassFromTheSameWords() {
        float p = 0.3f;
        int n = 1000;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        float[] y = new float[n];
        float[] mask = new float[n];
        Dropout.forward(p, new SplittableRandom(4)::nextLong, x, 0, y, 0, mask, 0, n);
        float[] alone = new float[n + 2];
        Dropout.mask(p, new SplittableRandom(4)::nextLong, alone, 2, n);
        TestData.assertSameFloats("mask", mask, java.util.Arrays.copyOfRange(alone, 2, n + 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.mask(0.5f, null, alone, 0, 1));
        assertEquals("random must not be null", e.getMessage());
    }
}
