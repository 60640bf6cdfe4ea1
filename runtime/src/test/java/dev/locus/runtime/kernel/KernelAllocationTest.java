package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.random.SeededRandom;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The kernels that generated code calls on every training step allocate nothing once warmed up:
 * bytes allocated by the calling thread and by the pool's workers, measured with
 * {@code com.sun.management.ThreadMXBean}, over repeated calls of each kernel (small calls on the
 * caller alone, large ones split over the pool). Each kernel must reach zero within a bounded time;
 * a kernel that allocates on every call never does.
 */
class KernelAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Calls of every kernel, in turn, before measuring. */
    private static final int WARM_UP = 30_000;
    /** Calls per measurement. */
    private static final int MEASURED = 200;
    /**
     * Time allowed per kernel to reach zero before it counts as allocating: the JIT compiles in
     * the background, later on a loaded machine (its queue was seen to need more than 10,000 calls
     * of one kernel while other builds ran), and until it has compiled a loop, the vector objects
     * of the interpreted code are real allocations. A kernel that allocates on every call never
     * reaches zero, however long it runs.
     */
    private static final long PATIENCE_NANOS = 30_000_000_000L;

    private static final int BATCH = 16;
    private static final int SIZE = 97;
    private static final int N = BATCH * SIZE;
    /** Above the parallel thresholds of the element-wise kernels; a multiple of 5, not of a vector. */
    private static final int LARGE = 300_005;

    private final SplittableRandom r = new SplittableRandom(1);
    private final float[] a = TestData.randoms(r, LARGE);
    private final float[] b = TestData.randoms(r, LARGE);
    private final float[] positive = positive(TestData.randoms(r, LARGE));
    private final float[] out = new float[LARGE];
    private final float[] out2 = new float[LARGE];
    private final float[] small = new float[1024];
    private final float[] small2 = new float[1024];
    private final float[] small3 = new float[1024];
    private final float[] small4 = new float[1024];
    private final int[] labels = new int[BATCH];
    private final SeededRandom words = SeededRandom.ofKey(3);
    private final LongSupplier wordSource = words::nextLong;

    private static float[] positive(final float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1f + Math.abs(v[i]);
        }
        return v;
    }

    /** Every new kernel, in each of its forms, as a call that reuses the buffers above. */
    private Map<String, Runnable> calls() {
        Map<String, Runnable> calls = new LinkedHashMap<>();
        for (BinaryOp op : BinaryOp.values()) {
            calls.put("binary " + op + " same shape", () -> Elementwise.binary(op, a, 0, N, positive, 0, N, out, 0, N));
            calls.put("binary " + op + " scalar", () -> Elementwise.binary(op, a, 3, 1, positive, 0, N, out, 0, N));
            calls.put("binary " + op + " by a scalar", () -> Elementwise.binary(op, a, 0, N, positive, 7, 1, out, 0, N));
            calls.put("binary " + op + " sample", () -> Elementwise.binary(op, a, 0, N, positive, 0, SIZE, out, 0, N));
            calls.put("binary " + op + " large", () -> Elementwise.binary(op, a, 0, LARGE, positive, 0, 5, out, 0,
                    LARGE));
        }
        for (UnaryOp op : UnaryOp.values()) {
            calls.put("unary " + op, () -> Elementwise.unary(op, positive, 0, out, 0, N));
            calls.put("unary " + op + " large", () -> Elementwise.unary(op, positive, 0, out, 0, LARGE));
            calls.put("unary backward " + op, () -> Elementwise.unaryBackward(op, a, 0, positive, 0, b, 0, out, 0, N));
            calls.put("unary backward " + op + " large",
                    () -> Elementwise.unaryBackward(op, a, 0, positive, 0, b, 0, out, 0, LARGE));
        }
        calls.put("sum", () -> Reductions.sum(a, 0, BATCH, SIZE, out, 0));
        calls.put("mean of all", () -> Reductions.mean(a, 0, 1, LARGE, out, 0));
        calls.put("sum backward", () -> Reductions.sumBackward(a, 0, BATCH, SIZE, out, 0));
        calls.put("mean backward", () -> Reductions.meanBackward(a, 0, BATCH, SIZE, out, 0));
        calls.put("reduce to a sample", () -> Reductions.reduceTo(a, 0, N, out, 0, SIZE));
        calls.put("reduce to a scalar", () -> Reductions.reduceTo(a, 0, N, out, 0, 1));
        calls.put("sum per channel", () -> Reductions.sumPerChannel(a, 0, BATCH, 8, 12, out, 0));
        calls.put("softmax", () -> Softmax.softmax(a, 0, BATCH, 10, out, 0));
        calls.put("log softmax", () -> Softmax.logSoftmax(a, 0, BATCH, 10, out, 0));
        calls.put("softmax backward", () -> Softmax.softmaxBackward(positive, 0, a, 0, BATCH, 10, out, 0));
        calls.put("log softmax backward", () -> Softmax.logSoftmaxBackward(a, 0, b, 0, BATCH, 10, out, 0));
        calls.put("concat", () -> ChannelConcat.place(a, 0, SIZE, out, 0, 2 * SIZE, SIZE, BATCH));
        calls.put("slice", () -> ChannelConcat.slice(a, 0, 2 * SIZE, 5, out, 0, SIZE, BATCH));
        calls.put("one-hot", () -> OneHot.encode(labels, 0, BATCH, 10, out, 0));
        int[][] shapes = {{BATCH, SIZE, 1}, {BATCH, 6, 49}, {400, 700, 1}, {40, 3, 2500}};
        for (int[] s : shapes) {
            int channels = s[1];
            String shape = java.util.Arrays.toString(s);
            calls.put("batchnorm statistics " + shape, () -> BatchNorm.statistics(a, 0, s[0], channels, s[2], 1e-5f,
                    small, 0, small2, 0));
            calls.put("batchnorm training " + shape, () -> BatchNorm.training(a, 0, s[0], channels, s[2], positive, 0,
                    b, 0, 1e-5f, 0.1f, small3, 0, small4, 0, small, 0, small2, 0, out, 0));
            calls.put("batchnorm inference " + shape, () -> BatchNorm.inference(a, 0, s[0], channels, s[2], positive,
                    0, b, 0, 1e-5f, small3, 0, positive, 0, small2, 0, out, 0));
            calls.put("batchnorm backward " + shape, () -> BatchNorm.backward(a, 0, b, 0, s[0], channels, s[2],
                    positive, 0, small, 0, small2, 0, out, 0, small3, 0, small4, 0));
        }
        calls.put("uniform", () -> FixedTensors.uniform(42L, 0.5f, out, 0, N));
        calls.put("normal", () -> FixedTensors.normal(42L, 0.5f, out, 0, N));
        calls.put("sign concordant", () -> FixedTensors.signConcordant(42L, 0.5, a, 0, out, 0, N));
        calls.put("dropout mask", () -> Dropout.mask(0.25f, wordSource, out2, 0, N));
        return calls;
    }

    @Test
    void everyNewKernelAllocatesNothingAfterWarmUp() {
        assertTrue(LARGE > 2 * Elementwise.PARALLEL_MIN && 280_000 > BatchNorm.PARALLEL_MIN,
                "large calls must be split over the pool");
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM does not measure allocated bytes per thread");
        TestData.withThreads(2, () -> {
            Map<String, Runnable> calls = calls();
            List<Runnable> all = new ArrayList<>(calls.values());
            for (int i = 0; i < WARM_UP; i++) {
                // Small calls often, large ones now and then: every loop gets hot, in reasonable time.
                Runnable call = all.get(i % all.size());
                call.run();
            }
            long[] workers = workerIds();
            List<String> allocating = new ArrayList<>();
            for (Map.Entry<String, Runnable> e : calls.entrySet()) {
                long deadline = System.nanoTime() + PATIENCE_NANOS;
                long bytes = allocatedBytes(e.getValue(), workers);
                long attempts = 1;
                while (bytes != 0 && System.nanoTime() < deadline) {
                    bytes = allocatedBytes(e.getValue(), workers);
                    attempts++;
                }
                if (bytes != 0) {
                    allocating.add(e.getKey() + ": " + bytes + " bytes in " + MEASURED + " calls after "
                            + (attempts - 1) * MEASURED + " more");
                }
            }
            assertEquals(List.of(), allocating);
        });
    }

    /** Bytes allocated by this thread and the pool's workers over {@link #MEASURED} calls. */
    private static long allocatedBytes(final Runnable call, final long[] workers) {
        long[] workersBefore = THREADS.getThreadAllocatedBytes(workers);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            call.run();
        }
        long own = THREADS.getCurrentThreadAllocatedBytes() - before;
        long[] workersAfter = THREADS.getThreadAllocatedBytes(workers);
        long total = own;
        for (int i = 0; i < workers.length; i++) {
            total += workersAfter[i] - workersBefore[i];
        }
        return total;
    }

    private static long[] workerIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("locus-kernel-"))
                .mapToLong(Thread::getId)
                .toArray();
    }
}
