package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.core.Gen;

/**
 * {@link Elementwise} and {@link Reductions#reduceTo}: the broadcasting arithmetic of rules, its
 * unary functions and their gradients, on both loop families, against definitions in double.
 */
class ArithmeticTest {
    /** How an operand meets a [batch, size] output: all of it, one scalar, or one sample repeated. */
    enum Form { FULL, SCALAR, SAMPLE }

    /** An op and the forms of its two operands. */
    record Operands(BinaryOp op, Form a, Form b) {
    }

    private static Gen<Operands> operands() {
        return arbitrary().enumValues(BinaryOp.class).zip(arbitrary().enumValues(Form.class),
                arbitrary().enumValues(Form.class), Operands::new);
    }

    private static int length(final Form f, final int batch, final int size) {
        return switch (f) {
            case FULL -> batch * size;
            case SCALAR -> 1;
            case SAMPLE -> size;
        };
    }

    private static double apply(final BinaryOp op, final double a, final double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    /** Random floats with, now and then, a special value: zeros of both signs, infinities, NaN, a subnormal. */
    private static float[] values(final SplittableRandom r, final int n, final boolean special) {
        float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-40f, -3e-39f,
            Float.MAX_VALUE};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = special && r.nextInt(8) == 0 ? specials[r.nextInt(specials.length)]
                    : (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(7) - 3));
        }
        return v;
    }

    @Test
    void binaryOpsBroadcastAndEqualTheDoubleResultRoundedOnceOnBothPaths() {
        // + - * / of two floats, done in double and rounded to float, is the float operation itself
        // (53 >= 2 * 24 + 2 bits), so the expected values are exact and both paths must meet them.
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(200).forAll(operands(), TestData.dimension(9), TestData.dimension(97),
                            integers().between(0, 100_000))
                    .checkAssert((ops, batch, size, seed) -> {
                        BinaryOp op = ops.op();
                        Form fa = ops.a();
                        Form fb = ops.b();
                        SplittableRandom r = new SplittableRandom(seed);
                        int n = batch * size;
                        int aLen = length(fa, batch, size);
                        int bLen = length(fb, batch, size);
                        int aOff = r.nextInt(4);
                        int bOff = r.nextInt(4);
                        int outOff = r.nextInt(4);
                        float[] a = values(r, aOff + aLen + 3, true);
                        float[] b = values(r, bOff + bLen + 3, true);
                        float[] out = values(r, outOff + n + 3, false);
                        float[] expected = out.clone();
                        for (int i = 0; i < n; i++) {
                            expected[outOff + i] = (float) apply(op, a[aOff + i % aLen], b[bOff + i % bLen]);
                        }
                        Elementwise.binary(kernel, op, a, aOff, aLen, b, bOff, bLen, out, outOff, n);
                        TestData.assertSameFloats(kernel.describe() + " " + op + " " + fa + " " + fb + " batch "
                                + batch + " size " + size, expected, out);
                        if (fa == Form.FULL) { // in place on a
                            float[] inPlace = a.clone();
                            Elementwise.binary(kernel, op, inPlace, aOff, aLen, b, bOff, bLen, inPlace, aOff, n);
                            TestData.assertSameFloats("in place " + op, Arrays.copyOfRange(expected, outOff, outOff + n),
                                    Arrays.copyOfRange(inPlace, aOff, aOff + n));
                        }
                    });
        }
    }

    private static DoubleUnaryOperator reference(final UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> Math::signum;
            case SQRT -> Math::sqrt;
            case RELU -> x -> x > 0 ? x : 0;
        };
    }

    @Test
    void unaryOpsEqualTheirDefinitionsWithSpecialValuesOnBothPaths() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(120).forAll(arbitrary().enumValues(UnaryOp.class), TestData.dimension(200),
                            integers().between(0, 100_000))
                    .checkAssert((op, n, seed) -> {
                        SplittableRandom r = new SplittableRandom(seed);
                        int off = r.nextInt(4);
                        float[] x = values(r, off + n + 2, true);
                        float[] out = new float[off + n + 2];
                        float[] expected = out.clone();
                        DoubleUnaryOperator f = reference(op);
                        for (int i = 0; i < n; i++) {
                            expected[off + i] = (float) f.applyAsDouble(x[off + i]);
                        }
                        Elementwise.unary(kernel, op, x, off, out, off, n);
                        TestData.assertSameFloats(kernel.describe() + " " + op, expected, out);
                    });
        }
    }

    @Test
    void specialValuesKeepTheirSignsAndNaNsUnderSignAbsAndRelu() {
        float[] x = {0f, -0f, Float.NaN, -2f, 3f, Float.NEGATIVE_INFINITY, -1e-45f, 1e-45f};
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            // Sixteen copies, so that the vector path meets every value in a lane, not only in the tail.
            float[] many = new float[16 * x.length];
            for (int i = 0; i < many.length; i++) {
                many[i] = x[i % x.length];
            }
            float[] sign = new float[many.length];
            float[] relu = new float[many.length];
            float[] neg = new float[many.length];
            Elementwise.unary(kernel, UnaryOp.SIGN, many, 0, sign, 0, many.length);
            Elementwise.unary(kernel, UnaryOp.RELU, many, 0, relu, 0, many.length);
            Elementwise.unary(kernel, UnaryOp.NEG, many, 0, neg, 0, many.length);
            TestData.assertSameFloats("sign", new float[] {0f, -0f, Float.NaN, -1f, 1f, -1f, -1f, 1f},
                    Arrays.copyOfRange(sign, 16 * x.length - x.length, 16 * x.length));
            TestData.assertSameFloats("relu", new float[] {0f, 0f, 0f, 0f, 3f, 0f, 0f, 1e-45f},
                    Arrays.copyOfRange(relu, 0, x.length));
            TestData.assertSameFloats("neg", new float[] {-0f, 0f, Float.NaN, 2f, -3f, Float.POSITIVE_INFINITY,
                1e-45f, -1e-45f}, Arrays.copyOfRange(neg, x.length, 2 * x.length));
        }
    }

    @Test
    void unaryGradientsMatchFiniteDifferencesOnBothPaths() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(80).forAll(arbitrary().enumValues(UnaryOp.class), TestData.dimension(100),
                            integers().between(0, 100_000))
                    .checkAssert((op, n, seed) -> {
                        SplittableRandom r = new SplittableRandom(seed);
                        float[] x = new float[n];
                        for (int i = 0; i < n; i++) { // away from the kinks at 0, positive for sqrt
                            double v = 0.05 + r.nextDouble() * 2;
                            x[i] = (float) (op == UnaryOp.SQRT || r.nextBoolean() ? v : -v);
                        }
                        float[] y = new float[n];
                        Elementwise.unary(kernel, op, x, 0, y, 0, n);
                        float[] g = TestData.randoms(r, n);
                        float[] dx = new float[n];
                        Elementwise.unaryBackward(kernel, op, x, 0, y, 0, g, 0, dx, 0, n);
                        DoubleUnaryOperator f = reference(op);
                        double eps = 1e-6;
                        double[] fd = new double[n];
                        for (int i = 0; i < n; i++) {
                            fd[i] = g[i] * (f.applyAsDouble(x[i] + eps) - f.applyAsDouble(x[i] - eps)) / (2 * eps);
                        }
                        TestData.assertClose(kernel.describe() + " d" + op, fd, dx, 0, 1e-5);
                        // In place on g gives the same floats.
                        Elementwise.unaryBackward(kernel, op, x, 0, y, 0, g, 0, g, 0, n);
                        TestData.assertSameFloats("in place d" + op, dx, g);
                    });
        }
    }

    /**
     * The gradients of a binary op as the IR writes them (Derivatives): d/da = REDUCE_TO(g op' ...),
     * built from {@link Elementwise#binary}, {@link Elementwise#unary} and {@link Reductions#reduceTo},
     * against finite differences of {@code sum(g * (a op b))} in double.
     */
    @Test
    void binaryGradientsAsTheIrComposesThemMatchFiniteDifferences() {
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            qt().withExamples(100).forAll(operands(), TestData.dimension(7), TestData.dimension(33),
                            integers().between(0, 100_000))
                    .checkAssert((ops, batch, size, seed) -> {
                        BinaryOp op = ops.op();
                        Form fa = ops.a();
                        Form fb = ops.b();
                        SplittableRandom r = new SplittableRandom(seed);
                        int n = batch * size;
                        int aLen = length(fa, batch, size);
                        int bLen = length(fb, batch, size);
                        float[] a = TestData.randoms(r, aLen);
                        float[] b = new float[bLen];
                        for (int i = 0; i < bLen; i++) { // a divisor away from 0
                            b[i] = (float) ((0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
                        }
                        float[] g = TestData.randoms(r, n);
                        float[] y = new float[n];
                        Elementwise.binary(kernel, op, a, 0, aLen, b, 0, bLen, y, 0, n);
                        float[] da = new float[aLen];
                        float[] db = new float[bLen];
                        float[] t = new float[n];
                        float[] u = new float[n];
                        switch (op) {
                            case ADD -> {
                                Reductions.reduceTo(kernel, g, 0, n, da, 0, aLen);
                                Reductions.reduceTo(kernel, g, 0, n, db, 0, bLen);
                            }
                            case SUB -> {
                                Reductions.reduceTo(kernel, g, 0, n, da, 0, aLen);
                                Elementwise.unary(kernel, UnaryOp.NEG, g, 0, t, 0, n);
                                Reductions.reduceTo(kernel, t, 0, n, db, 0, bLen);
                            }
                            case MUL -> {
                                Elementwise.binary(kernel, BinaryOp.MUL, g, 0, n, b, 0, bLen, t, 0, n);
                                Reductions.reduceTo(kernel, t, 0, n, da, 0, aLen);
                                Elementwise.binary(kernel, BinaryOp.MUL, g, 0, n, a, 0, aLen, t, 0, n);
                                Reductions.reduceTo(kernel, t, 0, n, db, 0, bLen);
                            }
                            case DIV -> {
                                Elementwise.binary(kernel, BinaryOp.DIV, g, 0, n, b, 0, bLen, t, 0, n);
                                Reductions.reduceTo(kernel, t, 0, n, da, 0, aLen);
                                Elementwise.binary(kernel, BinaryOp.MUL, g, 0, n, y, 0, n, t, 0, n);
                                Elementwise.binary(kernel, BinaryOp.DIV, t, 0, n, b, 0, bLen, u, 0, n);
                                Elementwise.unary(kernel, UnaryOp.NEG, u, 0, u, 0, n);
                                Reductions.reduceTo(kernel, u, 0, n, db, 0, bLen);
                            }
                        }
                        double[] ad = TestData.toDouble(a);
                        double[] bd = TestData.toDouble(b);
                        DoubleBinaryOperator f = (p, q) -> apply(op, p, q);
                        TestData.assertClose(kernel.describe() + " d" + op + "/da " + fa + " " + fb,
                                finiteDifferences(ad, ad, bd, g, f, n), da, 0, 1e-5);
                        TestData.assertClose(kernel.describe() + " d" + op + "/db " + fa + " " + fb,
                                finiteDifferences(bd, ad, bd, g, f, n), db, 0, 1e-5);
                    });
        }
    }

    /** d/dv of sum_i g_i f(a[i mod |a|], b[i mod |b|]) for each element of v (a or b), by central differences. */
    private static double[] finiteDifferences(final double[] v, final double[] a, final double[] b, final float[] g,
                                              final DoubleBinaryOperator f, final int n) {
        double eps = 1e-6;
        double[] fd = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            double keep = v[k];
            v[k] = keep + eps;
            double up = weighted(a, b, g, f, n);
            v[k] = keep - eps;
            double down = weighted(a, b, g, f, n);
            v[k] = keep;
            fd[k] = (up - down) / (2 * eps);
        }
        return fd;
    }

    private static double weighted(final double[] a, final double[] b, final float[] g, final DoubleBinaryOperator f,
                                   final int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += g[i] * f.applyAsDouble(a[i % a.length], b[i % b.length]);
        }
        return s;
    }

    @Test
    void largeCallsSplitOverThePoolGiveTheSameFloatsAsOneThread() {
        int size = 3 * 1024 + 7; // not a multiple of the vector
        int batch = 2 * Elementwise.PARALLEL_MIN / size + 1; // above the threshold: several parts
        int n = batch * size;
        SplittableRandom r = new SplittableRandom(5);
        float[] a = values(r, n, false);
        float[] b = values(r, size, false);
        for (ElementwiseKernel kernel : TestData.elementwiseKernels()) {
            float[] expected = new float[n];
            float[] expectedUnary = new float[n];
            float[] expectedGrad = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = a[i] / b[i % size];
                expectedUnary[i] = (float) Math.sqrt(Math.abs(a[i]));
                expectedGrad[i] = a[i] > 0f ? b[i % size] : 0f;
            }
            TestData.withThreads(3, () -> {
                assertEquals(3, KernelPool.shared().threads());
                float[] out = new float[n];
                Elementwise.binary(kernel, BinaryOp.DIV, a, 0, n, b, 0, size, out, 0, n);
                TestData.assertSameFloats("parallel div", expected, out);
                Elementwise.unary(kernel, UnaryOp.ABS, a, 0, out, 0, n);
                Elementwise.unary(kernel, UnaryOp.SQRT, out, 0, out, 0, n);
                TestData.assertSameFloats("parallel sqrt", expectedUnary, out);
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = b[i % size];
                }
                Elementwise.unaryBackward(kernel, UnaryOp.RELU, a, 0, null, 0, g, 0, out, 0, n);
                TestData.assertSameFloats("parallel relu gradient", expectedGrad, out);
            });
        }
    }

    @Test
    void reduceToSumsACopiedOperandBackDown() {
        float[] g = {1, 2, 3, 4, 5, 6};
        float[] out = new float[3];
        Reductions.reduceTo(g, 0, 6, out, 0, 3);
        TestData.assertSameFloats("over the batch", new float[] {5, 7, 9}, out);
        Reductions.reduceTo(g, 0, 6, out, 1, 1);
        TestData.assertSameFloats("to a scalar", new float[] {5, 21, 9}, out);
        float[] copy = new float[6];
        Reductions.reduceTo(g, 0, 6, copy, 0, 6);
        TestData.assertSameFloats("same type", g, copy);
    }

    private static void assertMessage(final String expected, final Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void argumentErrorsSayWhatIsWrong() {
        float[] x = new float[12];
        float[] y = new float[12];
        assertMessage("b has 5 floats, which does not divide n = 12: an operand has n floats, one (a scalar), "
                + "or one sample's worth", () -> Elementwise.binary(BinaryOp.ADD, x, 0, 12, y, 0, 5, y, 0, 12));
        assertMessage("a has 4 floats and b 6: when neither is a scalar, the longer must repeat the shorter a whole "
                + "number of times", () -> Elementwise.binary(BinaryOp.MUL, x, 0, 4, y, 0, 6, new float[12], 0, 12));
        assertMessage("out (12 floats from offset 0) overlaps b (3 floats from offset 0) without being the same range",
                () -> Elementwise.binary(BinaryOp.SUB, x, 0, 12, y, 0, 3, y, 0, 12));
        assertMessage("out (10 floats from offset 2) overlaps x (10 floats from offset 0) without being the same range",
                () -> Elementwise.unary(UnaryOp.NEG, x, 0, x, 2, 10));
        assertMessage("out is too short: needs 12 floats from offset 1, got 12 in all",
                () -> Elementwise.unary(UnaryOp.ABS, x, 0, y, 1, 12));
        assertMessage("a must have at least one float, got a length of 0",
                () -> Elementwise.binary(BinaryOp.DIV, x, 0, 0, y, 0, 1, y, 0, 0));
        assertMessage("x must not be null",
                () -> Elementwise.unaryBackward(UnaryOp.RELU, null, 0, null, 0, y, 0, x, 0, 12));
        assertMessage("length 5 does not divide n = 12: g must hold a whole number of copies of the operand",
                () -> Reductions.reduceTo(x, 0, 12, y, 0, 5));
        assertMessage("out (3 floats from offset 2) must not overlap g (12 floats from offset 0)",
                () -> Reductions.reduceTo(x, 0, 12, x, 2, 3));
    }
}
