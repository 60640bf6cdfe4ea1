package dev.locus.runtime.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitializerTest {
    private static final int N = 100_000;

    private static float[] draw(final Initializer init, final int fanIn, final int fanOut) {
        final float[] w = new float[N];
        init.fill(w, fanIn, fanOut, SeededRandom.forKey(1, "fc1", "W"));
        return w;
    }

    private static double maxAbs(final float[] w) {
        double m = 0;
        for (final float v : w) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double std(final float[] w) {
        double s = 0;
        for (final float v : w) {
            s += (double) v * v;
        }
        return Math.sqrt(s / w.length);
    }

    @Test
    void uniformInitializersReachTheirBoundAndNoFurther() {
        final double he = Math.sqrt(6.0 / 784);
        final float[] w = draw(Initializer.heUniform(), 784, 1024);
        assertTrue(maxAbs(w) <= he && maxAbs(w) > 0.99 * he, "he_uniform max " + maxAbs(w));
        final double xavier = Math.sqrt(6.0 / (784 + 1024));
        final float[] x = draw(Initializer.xavierUniform(), 784, 1024);
        assertTrue(maxAbs(x) <= xavier && maxAbs(x) > 0.99 * xavier, "xavier_uniform max " + maxAbs(x));
        final float[] u = draw(Initializer.uniform(0.05), 1, 1);
        assertTrue(maxAbs(u) <= 0.05 && maxAbs(u) > 0.0495);
    }

    @Test
    void normalInitializersHaveTheirDeviation() {
        assertEquals(Math.sqrt(2.0 / 500), std(draw(Initializer.heNormal(), 500, 10)), 0.002);
        assertEquals(0.1, std(draw(Initializer.normal(0.1), 3, 3)), 0.002);
    }

    @Test
    void zerosAreZerosAndTheSameKeyGivesTheSameWeights() {
        final float[] z = draw(Initializer.zeros(), 10, 10);
        assertEquals(0.0, maxAbs(z));
        assertArrayEquals(draw(Initializer.heUniform(), 784, 10), draw(Initializer.heUniform(), 784, 10));
    }

    @Test
    void badArgumentsAreNamed() {
        final IllegalArgumentException fan = assertThrows(IllegalArgumentException.class,
            () -> draw(Initializer.heUniform(), 0, 10));
        assertEquals("he_uniform needs fan_in >= 1, got 0", fan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(-1));
        assertThrows(IllegalArgumentException.class, () -> Initializer.normal(Double.NaN));
    }
}
