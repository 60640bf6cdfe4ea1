package dev.locus.runtime.train;

import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.LabeledImages;
import dev.locus.runtime.random.SeededRandom;

/** Noisy copies of one random 4x4 prototype per class, as unsigned-byte images (shared with the compiler's tests). */
public final class SyntheticData {
    public static final int CLASSES = 4;
    static final int[] SHAPE = {1, 4, 4};

    private SyntheticData() {
    }

    public static DataSet make(final int train, final int test) {
        final SeededRandom random = SeededRandom.forKey(99, "test", "synthetic");
        final float[][] prototypes = new float[CLASSES][16];
        for (final float[] p : prototypes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = 128 + random.uniform(90f);
            }
        }
        return DataSet.of("synthetic", part(train, prototypes, random), part(test, prototypes, random), CLASSES);
    }

    private static LabeledImages part(final int n, final float[][] prototypes, final SeededRandom random) {
        final byte[] pixels = new byte[n * 16];
        final int[] labels = new int[n];
        for (int s = 0; s < n; s++) {
            labels[s] = random.nextInt(CLASSES);
            for (int i = 0; i < 16; i++) {
                final float v = prototypes[labels[s]][i] + random.normal(45f);
                pixels[s * 16 + i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return new LabeledImages("synthetic", SHAPE, pixels, labels);
    }
}
