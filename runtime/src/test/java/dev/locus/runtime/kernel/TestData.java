package dev.locus.runtime.kernel;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;

/** Shared generators, random data and tolerances of the kernel tests. */
final class TestData {
    /** Sizes around the register tile and vector widths (1, primes, 16±1, 48±1 ...). */
    private static final List<Integer> EDGES = List.of(1, 2, 3, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 47, 48, 49, 97);

    private TestData() {
    }

    /** Both micro-kernels, so that every test covers the Vector API path and the plain one in one JVM. */
    static List<GemmKernel> kernels() {
        return List.of(new VectorGemmKernel(), new PlainGemmKernel());
    }

    /** Both element-wise loop families, so that every test covers the Vector API path and the plain one. */
    static List<ElementwiseKernel> elementwiseKernels() {
        return List.of(new VectorElementwiseKernel(), new PlainElementwiseKernel());
    }

    /**
     * Runs {@code body} with the shared pool at {@code threads} threads (more than one, so that
     * large calls take their parallel path even on a one-core machine), then restores the pool.
     */
    static void withThreads(final int threads, final Runnable body) {
        int before = KernelPool.shared().threads();
        KernelPool.setThreads(threads);
        try {
            body.run();
        } finally {
            KernelPool.setThreads(before);
        }
    }

    /** Asserts that two arrays hold the same floats ({@link Float#compare}: -0 differs from 0, NaNs are equal). */
    static void assertSameFloats(final String what, final float[] expected, final float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": lengths " + expected.length + " and " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) != 0) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    static Gen<Integer> dimension(final int max) {
        return arbitrary().pick(EDGES.stream().filter(d -> d <= max).toList()).mix(integers().between(1, max));
    }

    static float[] randoms(final SplittableRandom r, final int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** Asserts |actual - expected| <= tol * (1 + |expected|) element-wise, naming the first failure. */
    static void assertClose(final String what, final double[] expected, final float[] actual, final int off,
                            final double tol) {
        for (int i = 0; i < expected.length; i++) {
            double a = actual[off + i];
            if (!(Math.abs(a - expected[i]) <= tol * (1 + Math.abs(expected[i])))) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + a);
            }
        }
    }

    static double[] toDouble(final float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
