package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Concatenation on the channel axis, its slices (the gradient), and one-hot labels. */
class ConcatAndOneHotTest {

    @Test
    void placingEveryPartBuildsTheConcatenationAndSlicesAreItsGradient() {
        qt().withExamples(100).forAll(TestData.dimension(7), integers().between(1, 4), TestData.dimension(17),
                        integers().between(0, 100_000))
                .checkAssert((batch, parts, inner, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int[] channels = new int[parts];
                    int[] at = new int[parts];
                    int whole = 0;
                    for (int p = 0; p < parts; p++) {
                        channels[p] = 1 + r.nextInt(5);
                        at[p] = whole;
                        whole += channels[p] * inner;
                    }
                    float[][] part = new float[parts][];
                    float[] out = new float[3 + batch * whole];
                    for (int p = 0; p < parts; p++) {
                        part[p] = TestData.randoms(r, 1 + batch * channels[p] * inner);
                        ChannelConcat.place(part[p], 1, channels[p] * inner, out, 3, whole, at[p], batch);
                    }
                    // The definition: sample s of the concatenation is sample s of each part in order.
                    int k = 3;
                    for (int s = 0; s < batch; s++) {
                        for (int p = 0; p < parts; p++) {
                            int size = channels[p] * inner;
                            for (int i = 0; i < size; i++) {
                                assertEquals(part[p][1 + s * size + i], out[k++]);
                            }
                        }
                    }
                    // The gradient of sum(G * concat(parts)) to part p is G's slice of p, exactly.
                    float[] g = TestData.randoms(r, batch * whole);
                    for (int p = 0; p < parts; p++) {
                        int size = channels[p] * inner;
                        float[] slice = new float[batch * size];
                        ChannelConcat.slice(g, 0, whole, at[p], slice, 0, size, batch);
                        for (int s = 0; s < batch; s++) {
                            for (int i = 0; i < size; i++) {
                                assertEquals(g[s * whole + at[p] + i], slice[s * size + i]);
                            }
                        }
                    }
                });
    }

    @Test
    void aPartMustFitInTheSample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelConcat.place(new float[8], 0, 4, new float[12], 0, 6, 3, 2));
        assertEquals("a part of 4 floats from float 3 does not fit in a sample of 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChannelConcat.slice(new float[12], 0, 6, 0, new float[7], 0, 4, 2));
        assertEquals("part is too short: needs 8 floats from offset 0, got 7 in all", e.getMessage());
    }

    @Test
    void oneHotRowsHaveASingleOneAtTheLabel() {
        float[] out = new float[1 + 3 * 4];
        java.util.Arrays.fill(out, 7f);
        OneHot.encode(new int[] {9, 2, 0, 3}, 1, 3, 4, out, 1);
        TestData.assertSameFloats("one-hot", new float[] {7, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(new int[] {1, 4}, 0, 2, 4, new float[8], 0));
        assertEquals("labels[1] = 4 is not a class in [0, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(new int[] {1}, 0, 2, 4, new float[8], 0));
        assertEquals("labels is too short: needs 2 labels from offset 0, got 1 in all", e.getMessage());
    }
}
