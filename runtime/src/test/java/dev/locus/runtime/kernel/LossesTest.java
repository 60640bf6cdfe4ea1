package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LossesTest {

    /** The mean over the batch of each loss, by its definition, in double. */
    static double reference(final Loss loss, final double[] s, final int batch, final int classes, final int[] labels) {
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, s[b * classes + c]);
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                double v = s[b * classes + c];
                double t = c == labels[b] ? 1 : 0;
                switch (loss) {
                    case CROSS_ENTROPY:
                        sumExp += Math.exp(v - max);
                        break;
                    case MSE:
                        total += (v - t) * (v - t);
                        break;
                    case SQUARE_HINGE:
                        double m = Math.max(0, 1 - (2 * t - 1) * v);
                        total += m * m;
                        break;
                    default:
                        double d = Math.abs(v - t);
                        total += d < 1 ? 0.5 * d * d : d - 0.5;
                }
            }
            if (loss == Loss.CROSS_ENTROPY) {
                total += Math.log(sumExp) + max - s[b * classes + labels[b]];
            }
        }
        return total / batch;
    }

    @Test
    void lossAndGradientMatchDefinitionAndFiniteDifferences() {
        qt().withExamples(120).forAll(arbitrary().enumValues(Loss.class), TestData.dimension(17), TestData.dimension(12),
                        integers().between(0, 10_000))
                .checkAssert((loss, batch, classes, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] s = TestData.randoms(r, batch * classes);
                    for (int i = 0; i < s.length; i++) {
                        s[i] *= 3;
                        // keep off the points where hinge and smooth L1 change piece
                        double t = s[i];
                        if (Math.abs(Math.abs(t) - 1) < 0.01 || Math.abs(Math.abs(t - 1) - 1) < 0.01 || Math.abs(t - 2) < 0.01) {
                            s[i] += 0.05f;
                        }
                    }
                    int[] labels = new int[batch + 1];
                    for (int b = 0; b < batch; b++) {
                        labels[b + 1] = r.nextInt(classes);
                    }
                    float[] grad = new float[s.length];
                    float value = Losses.evaluate(loss, s, 0, batch, classes, labels, 1, grad, 0);
                    int[] shifted = java.util.Arrays.copyOfRange(labels, 1, labels.length);
                    double[] sd = TestData.toDouble(s);
                    double expected = reference(loss, sd, batch, classes, shifted);
                    assertEquals(expected, value, 1e-5 * (1 + Math.abs(expected)), loss + " value");
                    double eps = 1e-6;
                    double[] fd = new double[s.length];
                    for (int i = 0; i < s.length; i++) {
                        double keep = sd[i];
                        sd[i] = keep + eps;
                        double up = reference(loss, sd, batch, classes, shifted);
                        sd[i] = keep - eps;
                        double down = reference(loss, sd, batch, classes, shifted);
                        sd[i] = keep;
                        fd[i] = (up - down) / (2 * eps);
                    }
                    TestData.assertClose(loss + " grad", fd, grad, 0, 1e-5);
                });
    }

    @Test
    void termsTheLargestsPrecisionCannotHoldAreZeroAndNoGradientIsSubnormal() {
        // Sample 0 is unsure; sample 1 is sure of its class: its other classes' probabilities are
        // about e^-60 and e^-95 (the second below the normal floats once divided by the batch).
        float[] s = {0.5f, -0.3f, 0.1f, 60f, 0f, -35f};
        int[] labels = {0, 0};
        for (Loss loss : Loss.values()) {
            float[] g = new float[6];
            Losses.evaluate(loss, s, 0, 2, 3, labels, 0, g, 0);
            float largest = 0;
            for (float v : g) {
                largest = Math.max(largest, Math.abs(v));
            }
            for (int i = 0; i < g.length; i++) {
                assertTrue(g[i] == 0 || Math.abs(g[i]) >= largest * 0x1p-24f, loss + " g[" + i + "] = " + g[i]);
            }
        }
        float[] g = new float[6];
        Losses.evaluate(Loss.CROSS_ENTROPY, s, 0, 2, 3, labels, 0, g, 0);
        assertEquals(0f, g[3]);
        assertEquals(0f, g[4]);
        assertEquals(0f, g[5]);
        // The unsure sample's terms are as the definition gives them.
        double sum = Math.exp(0.5) + Math.exp(-0.3) + Math.exp(0.1);
        assertEquals((Math.exp(0.5) / sum - 1) / 2, g[0], 1e-7);
        assertEquals(Math.exp(-0.3) / sum / 2, g[1], 1e-7);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        float[] s = {1000f, -1000f, 0f};
        float[] g = new float[3];
        float v = Losses.evaluate(Loss.CROSS_ENTROPY, s, 0, 1, 3, new int[] {1}, 0, g, 0);
        assertEquals(2000f, v, 1e-3f);
        assertEquals(1f, g[0], 1e-6f);
        assertEquals(-1f, g[1], 1e-6f);
    }

    @Test
    void aLabelOutsideTheClassesIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.evaluate(Loss.MSE, new float[6], 0, 2, 3, new int[] {0, 3}, 0, null, 0));
        assertEquals("labels[1] = 3 is not a class in [0, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.evaluate(Loss.MSE, new float[5], 0, 2, 3, new int[] {0, 1}, 0, null, 0));
        assertTrue(e.getMessage().startsWith("scores is too short"), e.getMessage());
    }
}
