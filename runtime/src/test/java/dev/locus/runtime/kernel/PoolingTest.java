package dev.locus.runtime.kernel;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The JVM backend's pooling passes (max without argmax, averages), split over threads and with
 * the unrolled 2x2 window, against the argmax pair and one thread: the same bits.
 */
class PoolingTest {

    /** Values with ties and NaNs, so that which maximum wins matters. */
    private static float[] values(final SplittableRandom r, final int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(20);
            v[i] = pick == 0 ? Float.NaN : pick < 5 ? 0.5f : (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void maxWithoutArgmaxRoutesAsTheArgmaxPairOnEveryWindowAndThreadCount() {
        int[][] windows = {{2, 2}, {3, 2}, {2, 1}, {3, 3}};
        for (int[] window : windows) {
            for (int h : new int[] {7, 8, 28}) {
                // 64 x 32 planes of 28 x 28 is large enough to be split over the pool.
                PoolShape s = new PoolShape(h == 28 ? 64 : 3, h == 28 ? 32 : 2, h, h, window[0], window[1]);
                SplittableRandom r = new SplittableRandom(h * 31L + window[0] * 7L + window[1]);
                float[] x = values(r, (int) s.inputSize());
                float[] dy = values(r, (int) s.outputSize());
                float[] y = new float[(int) s.outputSize()];
                int[] arg = new int[(int) s.outputSize()];
                float[] dx = new float[(int) s.inputSize()];
                Pooling.maxForward(s, x, 0, y, 0, arg, 0);
                Pooling.maxBackward(s, dy, 0, arg, 0, dx, 0);
                for (int threads : new int[] {1, 3}) {
                    TestData.withThreads(threads, () -> {
                        float[] values = new float[y.length];
                        float[] routed = new float[dx.length];
                        java.util.Arrays.fill(routed, 9f); // overwritten, not added to
                        Pooling.maxValues(s, x, 0, values, 0);
                        Pooling.maxBackwardFromInput(s, x, 0, dy, 0, routed, 0);
                        TestData.assertSameFloats(s + " values", y, values);
                        TestData.assertSameFloats(s + " gradient", dx, routed);
                    });
                }
            }
        }
    }

    @Test
    void averagePoolingSplitOverThreadsGivesTheBitsOfOneThread() {
        PoolShape s = new PoolShape(64, 32, 28, 28, 2, 2);
        SplittableRandom r = new SplittableRandom(3);
        float[] x = values(r, (int) s.inputSize());
        float[] dy = values(r, (int) s.outputSize());
        float[][] y = new float[2][];
        float[][] dx = new float[2][];
        int[] threads = {1, 3};
        for (int t = 0; t < 2; t++) {
            int at = t;
            TestData.withThreads(threads[t], () -> {
                y[at] = new float[(int) s.outputSize()];
                dx[at] = new float[(int) s.inputSize()];
                java.util.Arrays.fill(dx[at], 9f);
                Pooling.averageForward(s, x, 0, y[at], 0);
                Pooling.averageBackward(s, dy, 0, dx[at], 0);
            });
        }
        TestData.assertSameFloats("forward", y[0], y[1]);
        TestData.assertSameFloats("backward", dx[0], dx[1]);
    }
}
