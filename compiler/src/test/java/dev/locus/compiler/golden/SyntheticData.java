package dev.locus.compiler.golden;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.Samples;
import java.util.Arrays;
import java.util.Random;

/**
 * Training data made up for a program: of its input shape and classes, drawn from a generator
 * seeded by the program's seed, so that every backend and every run sees the same floats. Each
 * class has a pattern of its own and a sample is its class's pattern plus noise, so that the
 * losses move. There are two full batches and a smaller last one, so that every backend meets a
 * batch smaller than the one it was planned for; the probe is a separate batch that is only ever
 * predicted.
 *
 * @param images     {@code count} samples of {@code sampleSize} floats, row-major
 * @param labels     one class per sample
 * @param probe      {@code probeCount} samples, never trained on
 */
record SyntheticData(float[] images, int[] labels, int count, int sampleSize, float[] probe, int probeCount) {

    static SyntheticData of(final TrainingPlan plan, final int sampleSize) {
        int batch = plan.batch();
        int classes = plan.network().classes();
        int count = 2 * batch + Math.max(1, batch / 2);
        Random r = new Random(plan.seed() * 1_000_003L + 12_345L);
        float[][] patterns = new float[classes][sampleSize];
        for (float[] p : patterns) {
            for (int i = 0; i < sampleSize; i++) {
                p[i] = (float) (2 * r.nextDouble() - 1);
            }
        }
        int[] labels = new int[count];
        float[] images = new float[count * sampleSize];
        for (int s = 0; s < count; s++) {
            labels[s] = s < classes ? s : r.nextInt(classes);
            sample(r, patterns[labels[s]], images, s * sampleSize);
        }
        float[] probe = new float[batch * sampleSize];
        for (int s = 0; s < batch; s++) {
            sample(r, patterns[r.nextInt(classes)], probe, s * sampleSize);
        }
        return new SyntheticData(images, labels, count, sampleSize, probe, batch);
    }

    /**
     * Not made up: the bundled Fashion-MNIST sample's first training images, {@code steps} batches
     * to train on, and the next batch as the probe.
     */
    static SyntheticData bundledSample(final int steps, final int batch) {
        Samples train = DataLoader.loadSample().train();
        int size = train.sampleSize();
        int count = steps * batch;
        float[] images = Arrays.copyOf(train.images(), count * size);
        int[] labels = Arrays.copyOf(train.labels(), count);
        float[] probe = Arrays.copyOfRange(train.images(), count * size, (count + batch) * size);
        return new SyntheticData(images, labels, count, size, probe, batch);
    }

    private static void sample(final Random r, final float[] pattern, final float[] out, final int at) {
        for (int i = 0; i < pattern.length; i++) {
            out[at + i] = (float) (0.8 * pattern[i] + 0.6 * r.nextGaussian());
        }
    }
}
