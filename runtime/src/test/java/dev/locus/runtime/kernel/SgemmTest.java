package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SgemmTest {

    /** One generated product: shapes, transposes, scalars, offsets and padding of the leading dimensions. */
    record Case(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, int pad, long seed) {
    }

    private static Gen<Case> cases(final int max) {
        Gen<Integer> d = TestData.dimension(max);
        Gen<float[]> scalars = integers().between(0, 4).zip(integers().between(0, 3),
                (a, b) -> new float[] {new float[] {1f, -1f, 0.5f, 2f, 0f}[a], new float[] {0f, 1f, -0.5f, 2f}[b]});
        Gen<boolean[]> trans = booleans().all().zip(booleans().all(), (x, y) -> new boolean[] {x, y});
        return d.zip(d, d, trans, scalars, (m, n, k, t, s) -> new Object[] {m, n, k, t, s})
                .zip(integers().between(0, 3), integers().between(0, 1000), (o, pad, seed) -> new Case(
                        (int) o[0], (int) o[1], (int) o[2], ((boolean[]) o[3])[0], ((boolean[]) o[3])[1],
                        ((float[]) o[4])[0], ((float[]) o[4])[1], pad, seed));
    }

    @Test
    void everyTransposeAndShapeMatchesNaiveLoopsOnBothKernels() {
        for (GemmKernel kernel : TestData.kernels()) {
            qt().withExamples(150).forAll(cases(100)).checkAssert(c -> check(kernel, c, false));
        }
    }

    @Test
    void blockedShapesLargerThanOneBlockMatchOnBothKernelsAndThreads() {
        // Larger than KC, MC and one register tile in every direction, so that every block edge occurs.
        for (GemmKernel kernel : TestData.kernels()) {
            qt().withExamples(6).forAll(cases(20).map(c -> new Case(c.m() + Sgemm.MC + 3, c.n() + 61,
                            c.k() + Sgemm.KC + 5, c.transA(), c.transB(), c.alpha(), c.beta(), c.pad(), c.seed())))
                    .checkAssert(c -> check(kernel, c, true));
        }
    }

    @Test
    void parallelSplitMatchesOnTallAndWideProducts() {
        for (GemmKernel kernel : TestData.kernels()) {
            check(kernel, new Case(301, 67, 129, false, true, 1f, 0.5f, 1, 7), true);
            check(kernel, new Case(67, 301, 129, true, false, -1f, 0f, 2, 8), true);
        }
    }

    @Test
    void oneBlockOfAWithBPackedByTheFirstTileMatches() {
        // m <= MC with B in rows: the first tile of each full panel of B packs it (also fewer rows
        // than a tile), partial panels are packed apart, and the depth is split into two blocks.
        for (GemmKernel kernel : TestData.kernels()) {
            check(kernel, new Case(5, 3 * kernel.nr() + 7, Sgemm.KC + 9, false, false, 1f, 0f, 3, 11), false);
            check(kernel, new Case(77, 4 * kernel.nr() + 1, Sgemm.KC + 40, true, false, -0.5f, 2f, 1, 12), false);
            check(kernel, new Case(64, 5 * kernel.nr(), 100, false, false, 2f, 1f, 0, 13), true);
        }
    }

    private static void check(final GemmKernel kernel, final Case c, final boolean parallel) {
        SplittableRandom r = new SplittableRandom(c.seed());
        int aRows = c.transA() ? c.k() : c.m();
        int aCols = c.transA() ? c.m() : c.k();
        int bRows = c.transB() ? c.n() : c.k();
        int bCols = c.transB() ? c.k() : c.n();
        int lda = aCols + c.pad();
        int ldb = bCols + c.pad();
        int ldc = c.n() + c.pad();
        int off = c.pad() * 3;
        float[] a = TestData.randoms(r, off + aRows * lda);
        float[] b = TestData.randoms(r, off + bRows * ldb);
        float[] c0 = TestData.randoms(r, off + c.m() * ldc);
        if (c.beta() == 0f) {
            Arrays.fill(c0, Float.NaN); // beta = 0 must not read C
        }
        float[] out = c0.clone();
        if (parallel) {
            Sgemm.parallel(kernel, c.transA(), c.transB(), c.m(), c.n(), c.k(), c.alpha(), a, off, lda, b, off, ldb,
                    c.beta(), out, off, ldc);
        } else {
            Sgemm.check(c.transA(), c.transB(), c.m(), c.n(), c.k(), a, off, lda, b, off, ldb, out, off, ldc);
            Sgemm.compute(kernel, c.transA(), c.transB(), c.m(), c.n(), c.k(), c.alpha(), a, off, lda, b, off, ldb,
                    c.beta(), out, off, ldc);
        }
        for (int i = 0; i < c.m(); i++) {
            for (int j = 0; j < c.n(); j++) {
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < c.k(); p++) {
                    double av = c.transA() ? a[off + p * lda + i] : a[off + i * lda + p];
                    double bv = c.transB() ? b[off + j * ldb + p] : b[off + p * ldb + j];
                    sum += av * bv;
                    mag += Math.abs(av * bv);
                }
                double before = c0[off + i * ldc + j];
                double expected = c.alpha() * sum + (c.beta() == 0f ? 0 : c.beta() * before);
                double tol = 1e-5 * (Math.abs(c.alpha()) * mag + Math.abs(c.beta() * (c.beta() == 0f ? 0 : before)) + 1);
                double got = out[off + i * ldc + j];
                if (!(Math.abs(got - expected) <= tol)) {
                    throw new AssertionError(kernel.describe() + " " + c + ": C[" + i + "][" + j + "] expected "
                            + expected + ", got " + got);
                }
            }
            for (int j = c.n(); j < ldc && i * ldc + j + off < out.length; j++) { // padding untouched
                assertEquals(Float.floatToRawIntBits(c0[off + i * ldc + j]),
                        Float.floatToRawIntBits(out[off + i * ldc + j]), "padding of C changed at row " + i);
            }
        }
    }

    @Test
    void agreesWithEjmlOnTheSharedPool() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 130;
        int n = 517;
        int k = 263;
        FMatrixRMaj a = new FMatrixRMaj(k, m, true, TestData.randoms(r, k * m));
        FMatrixRMaj b = new FMatrixRMaj(n, k, true, TestData.randoms(r, n * k));
        FMatrixRMaj expected = new FMatrixRMaj(m, n);
        CommonOps_FDRM.multTransAB(a, b, expected);
        float[] c = new float[m * n];
        Sgemm.sgemm(true, true, m, n, k, 1f, a.data, 0, m, b.data, 0, k, 0f, c, 0, n);
        TestData.assertClose("C", TestData.toDouble(expected.data), c, 0, 1e-4);
    }

    @Test
    void emptyAndDegenerateShapesOnlyScaleC() {
        float[] c = {1f, 2f, 3f, 4f};
        Sgemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
        assertTrue(Arrays.equals(new float[] {3f, 6f, 9f, 12f}, c));
        Sgemm.sgemm(false, false, 2, 2, 3, 0f, new float[6], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        assertTrue(Arrays.equals(new float[4], c));
        Sgemm.sgemm(false, false, 0, 5, 5, 1f, new float[0], 0, 5, new float[25], 0, 5, 1f, new float[0], 0, 5);
    }

    @Test
    void badArgumentsAreNamed() {
        float[] x = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, 3, 4, 5, 1f, x, 0, 5, x, 0, 4, 0f, x, 0, 4));
        assertTrue(e.getMessage().startsWith("a is too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, true, 2, 2, 2, 1f, x, 0, 2, x, 0, 1, 0f, x, 0, 2));
        assertTrue(e.getMessage().startsWith("leading dimension of b"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, null, 0, 2));
        assertEquals("c must not be null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, 2, 2, 2, 1f, x, -1, 2, x, 0, 2, 0f, x, 0, 2));
        assertTrue(e.getMessage().startsWith("a offset"), e.getMessage());
    }
}
