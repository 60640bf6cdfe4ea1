package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.locus.runtime.random.KeyHash;
import dev.locus.runtime.random.SeededRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fixed tensors drawn in float from a key: the generator's draws, the interpreter's values, docs/RANDOM.md's vectors. */
class FixedTensorsTest {

    private static long key(final long seed, final String layer, final String name) {
        return KeyHash.childKey(KeyHash.childKey(KeyHash.rootKey(seed), layer), name);
    }

    @Test
    void uniformAndNormalAreTheGeneratorsFloatDrawsAndRepeatForTheSameKey() {
        qt().withExamples(100).forAll(longs().all(), integers().between(0, 300), integers().between(0, 3))
                .checkAssert((key, n, off) -> {
                    float[] expectedUniform = new float[n];
                    SeededRandom.ofKey(key).fillUniform(expectedUniform, 0.25f);
                    float[] expectedNormal = new float[n];
                    SeededRandom.ofKey(key).fillNormal(expectedNormal, 3f);
                    float[] out = new float[off + n + 1];
                    FixedTensors.uniform(key, 0.25f, out, off, n);
                    TestData.assertSameFloats("uniform", expectedUniform, Arrays.copyOfRange(out, off, off + n));
                    assertEquals(0f, out[off + n], "nothing written past n");
                    FixedTensors.normal(key ^ 1, 1f, out, off, n); // another key drawn in between changes nothing
                    FixedTensors.normal(key, 3f, out, off, n);
                    TestData.assertSameFloats("normal", expectedNormal, Arrays.copyOfRange(out, off, off + n));
                    float[] again = new float[off + n + 1];
                    FixedTensors.normal(key, 3f, again, off, n);
                    TestData.assertSameFloats("same key, same floats", out, again);
                });
    }

    /**
     * The interpreter computes m * max(0, 1 + spread * z) in double with z = nextGaussian() of the
     * same stream (FixedTensorOps.signConcordant); the kernel's floats are those doubles rounded
     * once, for any m held exactly in float.
     */
    @Test
    void signConcordantIsTheInterpretersDoubleRoundedOnceAndKeepsTheSigns() {
        qt().withExamples(100).forAll(longs().all(), integers().between(0, 300), integers().between(0, 40))
                .checkAssert((key, n, tenths) -> {
                    double spread = tenths / 10.0;
                    float[] m = new float[n];
                    SeededRandom.ofKey(key + 1).fillUniform(m, 1f);
                    SeededRandom z = SeededRandom.ofKey(key);
                    float[] expected = new float[n];
                    for (int i = 0; i < n; i++) {
                        double interpreted = (double) m[i] * Math.max(0, 1 + spread * z.nextGaussian());
                        expected[i] = (float) interpreted;
                    }
                    float[] out = new float[n];
                    FixedTensors.signConcordant(key, spread, m, 0, out, 0, n);
                    TestData.assertSameFloats("sign_concordant spread " + spread, expected, out);
                    for (int i = 0; i < n; i++) {
                        assertTrue(out[i] == 0f || Math.signum(out[i]) == Math.signum(m[i]), "sign of element " + i);
                    }
                    FixedTensors.signConcordant(key, spread, m, 0, m, 0, n); // in place
                    TestData.assertSameFloats("in place", expected, m);
                });
    }

    /**
     * docs/RANDOM.md's vectors for `fixed F = sign_concordant(B, spread)` of layer fc1 under seed 1,
     * with B = uniform(1.0) from B's stream: computed by a separate implementation of that page.
     */
    @Test
    void signConcordantMatchesTheDocumentedVectors() {
        long keyB = key(1, "fc1", "B");
        long keyF = key(1, "fc1", "F");
        assertEquals(0x9ca333ce5c63e53cL, keyF);
        float[] b = new float[6];
        FixedTensors.uniform(keyB, 1f, b, 0, 6);
        TestData.assertSameFloats("B", new float[] {0.7109387f, 0.5019239f, 0.5859891f, 0.6023966f, -0.44811702f,
            0.1716218f}, b);
        float[] f = new float[6];
        FixedTensors.signConcordant(keyF, 0.5, b, 0, f, 0, 6);
        TestData.assertSameFloats("F, spread 0.5", new float[] {0.123410545f, 0.92706305f, 0.5458106f, 0.5530167f,
            -0.96458983f, 0.30101597f}, f);
        FixedTensors.signConcordant(keyF, 2.0, b, 0, f, 0, 6);
        TestData.assertSameFloats("F, spread 2", new float[] {0f, 2.2024806f, 0.42527503f, 0.40487698f, -2.5140083f,
            0.68919843f}, f);
    }

    @Test
    void copyGivesALearnedTensorTheDrawnValuesAndNothingElse() {
        float[] drawn = new float[6];
        FixedTensors.uniform(key(3, "fc1", "C"), 0.5f, drawn, 0, 6);
        float[] parameter = new float[8];
        Arrays.fill(parameter, 9f);
        FixedTensors.copy(drawn, 0, parameter, 1, 6);
        assertEquals(9f, parameter[0]);
        assertEquals(9f, parameter[7]);
        assertTrue(Arrays.equals(drawn, Arrays.copyOfRange(parameter, 1, 7)));
        assertThrows(IllegalArgumentException.class, () -> FixedTensors.copy(drawn, 1, parameter, 0, 6));
        assertThrows(IllegalArgumentException.class, () -> FixedTensors.copy(drawn, 0, parameter, 3, 6));
    }

    @Test
    void argumentErrorsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixedTensors.uniform(1, -1f, new float[4], 0, 4));
        assertEquals("bound must be a non-negative finite number, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FixedTensors.normal(1, Float.NaN, new float[4], 0, 4));
        assertEquals("std must be a non-negative finite number, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FixedTensors.signConcordant(1, Double.POSITIVE_INFINITY, new float[4], 0, new float[4], 0, 4));
        assertEquals("spread must be a finite number, got Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FixedTensors.normal(1, 1f, new float[4], 1, 4));
        assertEquals("out is too short: needs 4 floats from offset 1, got 4 in all", e.getMessage());
    }
}
