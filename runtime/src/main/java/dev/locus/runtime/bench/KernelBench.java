package dev.locus.runtime.bench;

import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.Conv2d;
import dev.locus.runtime.kernel.ConvShape;
import dev.locus.runtime.kernel.KernelPool;
import dev.locus.runtime.kernel.Kernels;
import dev.locus.runtime.kernel.Sgemm;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code locus bench kernels}: the speed of the kernels in GFLOP/s, per kernel, size and thread
 * count. Each case is warmed up for a fixed time (so that the JIT has compiled it), then timed
 * several times, and the median is reported. The sizes are those of the networks in the
 * language reference and the ones PyTorch is compared on ({@code bench/compare-kernels}).
 *
 * <p>Options: {@code --json} (one JSON object a line), {@code --threads N} (only that thread
 * count; default 1 and all available processors), {@code --quick} (a short smoke run),
 * {@code --only sgemm|conv|peak}.
 */
public final class KernelBench {
    static final int[][] SGEMM_SIZES = {{64, 1000, 784}, {128, 1024, 1024}, {1024, 1024, 1024}};
    /** FashionConv's convolutions at batch 64: name, cIn, cOut, kernel, pad, height, width. */
    static final Object[][] CONVS = {{"conv1", 1, 32, 5, 2, 28, 28}, {"conv2", 32, 64, 5, 2, 14, 14}};
    static final int CONV_BATCH = 64;

    private final PrintStream out;
    private final boolean json;
    private final int reps;
    private final long warmNanos;

    private KernelBench(final PrintStream out, final boolean json, final boolean quick) {
        this.out = out;
        this.json = json;
        this.reps = quick ? 3 : 15;
        this.warmNanos = quick ? 50_000_000L : 1_000_000_000L;
    }

    /** Runs the benchmark; returns the exit status (0, or 2 for bad arguments, with a message on {@code out}). */
    public static int run(final String[] args, final PrintStream out) {
        boolean json = false;
        boolean quick = false;
        String only = "all";
        List<Integer> threads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json":
                    json = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--threads":
                case "--only":
                    if (i + 1 >= args.length) {
                        out.println("bench kernels: " + args[i] + " needs a value");
                        return 2;
                    }
                    String value = args[++i];
                    if (args[i - 1].equals("--only")) {
                        if (!List.of("all", "sgemm", "conv", "peak").contains(value)) {
                            out.println("bench kernels: --only takes sgemm, conv, peak or all, got " + value);
                            return 2;
                        }
                        only = value;
                    } else {
                        try {
                            int t = Integer.parseInt(value);
                            if (t < 1) {
                                throw new NumberFormatException();
                            }
                            threads.add(t);
                        } catch (NumberFormatException e) {
                            out.println("bench kernels: --threads takes a positive whole number, got " + value);
                            return 2;
                        }
                    }
                    break;
                default:
                    out.println("bench kernels: unknown option " + args[i]
                            + " (options: --json, --threads N, --quick, --only sgemm|conv|peak)");
                    return 2;
            }
        }
        if (threads.isEmpty()) {
            threads.add(1);
            int all = Runtime.getRuntime().availableProcessors();
            if (all > 1) {
                threads.add(all);
            }
        }
        KernelBench bench = new KernelBench(out, json, quick);
        if (!json) {
            out.println("kernels: " + Kernels.describe() + ", " + Runtime.getRuntime().availableProcessors()
                    + " processors; median of " + bench.reps + " timed runs after warm-up");
        }
        int before = KernelPool.shared().threads();
        try {
            for (int t : threads) {
                KernelPool.setThreads(t);
                if ((only.equals("all") || only.equals("peak")) && Kernels.vectorized()) {
                    bench.peak(t);
                }
                if (only.equals("all") || only.equals("sgemm")) {
                    bench.sgemm(t);
                }
                if (only.equals("all") || only.equals("conv")) {
                    bench.conv(t);
                }
            }
        } finally {
            KernelPool.setThreads(before);
        }
        return 0;
    }

    /** Register-only FMAs on every pool thread at once: the ceiling the kernels are measured against. */
    private void peak(final int threads) {
        long iterations = warmNanos < 100_000_000L ? 20_000_000L : 200_000_000L;
        float[] sink = new float[threads];
        KernelPool.Task task = i -> sink[i] = PeakFlops.run(iterations);
        double seconds = median(() -> KernelPool.shared().run(threads, task));
        double gflops = PeakFlops.flops(iterations) * threads / seconds / 1e9;
        if (json) {
            out.printf(Locale.ROOT, "{\"kernel\":\"peak_fma\",\"threads\":%d,\"seconds\":%.6f,\"gflops\":%.2f}%n",
                    threads, seconds, gflops);
        } else {
            out.printf(Locale.ROOT, "peak FMA   threads=%d  %8.1f GFLOP/s%n", threads, gflops);
        }
    }

    private void sgemm(final int threads) {
        SplittableRandom random = new SplittableRandom(1);
        for (int[] size : SGEMM_SIZES) {
            int m = size[0];
            int n = size[1];
            int k = size[2];
            float[] a = randoms(random, m * k);
            float[] b = randoms(random, k * n);
            float[] c = new float[m * n];
            double seconds = median(() -> Sgemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n));
            double gflops = 2.0 * m * n * k / seconds / 1e9;
            if (json) {
                out.printf(Locale.ROOT, "{\"kernel\":\"sgemm\",\"m\":%d,\"n\":%d,\"k\":%d,\"threads\":%d,"
                        + "\"seconds\":%.6f,\"gflops\":%.2f}%n", m, n, k, threads, seconds, gflops);
            } else {
                out.printf(Locale.ROOT, "sgemm      %4d x %4d x %4d            threads=%d  %8.1f GFLOP/s  %9.3f ms%n",
                        m, n, k, threads, gflops, seconds * 1e3);
            }
        }
    }

    private void conv(final int threads) {
        SplittableRandom random = new SplittableRandom(2);
        for (Object[] spec : CONVS) {
            String name = (String) spec[0];
            ConvShape s = ConvShape.of(CONV_BATCH, (int) spec[1], (int) spec[5], (int) spec[6], (int) spec[2],
                    (int) spec[3], 1, (int) spec[4]);
            float[] x = randoms(random, (int) s.inputSize());
            float[] w = randoms(random, s.weightSize());
            float[] bias = randoms(random, s.channelsOut());
            float[] y = new float[(int) s.outputSize()];
            float[] dy = randoms(random, (int) s.outputSize());
            float[] dx = new float[(int) s.inputSize()];
            float[] dw = new float[s.weightSize()];
            float[] db = new float[s.channelsOut()];
            Runnable forward = () -> Conv2d.forward(s, x, 0, w, 0, bias, 0, Activation.IDENTITY, 0f, y, 0);
            Runnable data = () -> Conv2d.backwardData(s, dy, 0, w, 0, dx, 0);
            Runnable weights = () -> Conv2d.backwardWeights(s, x, 0, dy, 0, dw, 0, db, 0);
            double flops = 2.0 * s.multiplyAdds();
            report(name, s, "forward", threads, median(forward), flops);
            report(name, s, "backward_data", threads, median(data), flops);
            report(name, s, "backward_weights", threads, median(weights), flops);
            report(name, s, "total", threads, median(() -> {
                forward.run();
                data.run();
                weights.run();
            }), 3 * flops);
        }
    }

    private void report(final String name, final ConvShape s, final String phase, final int threads,
                        final double seconds, final double flops) {
        double gflops = flops / seconds / 1e9;
        if (json) {
            out.printf(Locale.ROOT, "{\"kernel\":\"conv2d\",\"layer\":\"%s\",\"batch\":%d,\"c_in\":%d,\"c_out\":%d,"
                            + "\"kernel_size\":%d,\"pad\":%d,\"stride\":%d,\"h\":%d,\"w\":%d,\"phase\":\"%s\","
                            + "\"threads\":%d,\"seconds\":%.6f,\"gflops\":%.2f}%n",
                    name, s.batch(), s.channelsIn(), s.channelsOut(), s.kernelH(), s.pad(), s.stride(), s.height(),
                    s.width(), phase, threads, seconds, gflops);
        } else {
            out.printf(Locale.ROOT, "conv2d %s %-16s b=%d %2d->%2d %dx%d on %dx%d threads=%d  %8.1f GFLOP/s  %9.3f ms%n",
                    name, phase, s.batch(), s.channelsIn(), s.channelsOut(), s.kernelH(), s.kernelW(), s.height(),
                    s.width(), threads, gflops, seconds * 1e3);
        }
    }

    /** Warm-up for a fixed time, then the median wall time of {@code reps} runs. */
    private double median(final Runnable body) {
        body.run();
        long end = System.nanoTime() + warmNanos;
        while (System.nanoTime() < end) {
            body.run();
        }
        double[] times = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        return reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
    }

    private static float[] randoms(final SplittableRandom random, final int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.out));
    }
}
