package dev.locus.cli;

import dev.locus.compiler.backend.Backends;
import dev.locus.runtime.bench.KernelBench;
import dev.locus.runtime.bench.TrainBench;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus bench kernels`: the measured speed of the runtime's kernels (GFLOP/s per kernel, size and
 * thread count); `locus bench train FILE`: the training speed of a train block's model
 * ({@link TrainBenchmark}).
 */
final class BenchCommand implements Command {
    /** The options that only `bench kernels` takes. */
    private static final List<String> KERNEL_OPTIONS = List.of("only", "quick");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure speed: `kernels` gives GFLOP/s per kernel, size and thread count; `train FILE` images/s";
    }

    @Override
    public String arguments() {
        return "kernels [--json] [--threads N] [--only WHAT] [--quick]\n"
                + "       locus bench train FILE [--json] [--threads N] [--batch N] [--backend B] [--steps N] "
                + "[--warmup N] [--warmup-seconds S] [--network NAME] [--data DIR] [--limit N]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.flag("json", "one JSON object per measurement; for train: bench, network, rule, "
                        + "backend, batch, threads, images_per_second, gflops, steps, seconds, warmup_steps, "
                        + "warmup_seconds, flops_per_step, data"))
                .addOption(Main.valued("threads", "N", "kernels: measure only with N threads (default: 1 and all "
                        + "cores); train: the kernels' thread pool has N threads (default: all cores)"))
                .addOption(Main.valued("only", "WHAT", "kernels: sgemm, conv, peak or all (default)"))
                .addOption(Main.flag("quick", "kernels: a short run (fewer repetitions): a smoke test, not a "
                        + "measurement"))
                .addOption(Main.valued("backend", "B", "train: the backend the model is built on: "
                        + Backends.names() + " (default "
                        + Backends.DEFAULT + ")"))
                .addOption(Main.valued("network", "NAME", "train: the train block of network NAME (default: the "
                        + "file's first)"))
                .addOption(Main.valued("batch", "N", "train: images per step (default: the train block's batch)"))
                .addOption(Main.valued("steps", "N", "train: time exactly N steps (default: as many as fill "
                        + (int) TrainBenchmark.SECONDS + " s, at least " + TrainBench.LEAST_TIMED_STEPS + ")"))
                .addOption(Main.valued("warmup", "N", "train: at least N untimed steps first (default "
                        + TrainBenchmark.WARMUP_STEPS + ")"))
                .addOption(Main.valued("warmup-seconds", "S", "train: and untimed steps for at least S seconds "
                        + "(default " + (int) TrainBenchmark.WARMUP_SECONDS + "), so that the JIT has compiled the "
                        + "step"))
                .addOption(Main.valued("data", "DIR", "train: the folder of the named data set, as for `locus train`"))
                .addOption(Main.valued("limit", "N", "train: use only the first N training images"));
    }

    @Override
    public String footer() {
        return "bench train times whole minibatches of the train block's data with every layer trainable, the copy "
                + "of each batch included; GFLOP/s counts the matrix products and convolutions of a step and their "
                + "gradients (2 flops per multiply-add), not element-wise ops. --threads sizes the pool of the runtime's "
                + "kernels; the interpreter computes on one thread whatever it says.";
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        List<String> what = line.getArgList();
        if (what.isEmpty()) {
            throw new UsageException("say what to measure: `kernels` or `train FILE`");
        }
        switch (what.get(0)) {
            case "kernels":
                if (what.size() != 1) {
                    throw new UsageException("bench kernels takes no file");
                }
                refuse(line, TrainBenchmark.OPTIONS, "train");
                return kernels(line, out);
            case "train":
                refuse(line, KERNEL_OPTIONS, "kernels");
                return TrainBenchmark.run(what.subList(1, what.size()), line, out, err);
            default:
                throw new UsageException("cannot measure `" + String.join(" ", what)
                        + "`; `kernels` and `train FILE` are what exist");
        }
    }

    /** An option of the other subcommand is refused rather than ignored. */
    private static void refuse(final CommandLine line, final List<String> options, final String owner)
            throws UsageException {
        for (String o : options) {
            if (line.hasOption(o)) {
                throw new UsageException("--" + o + " is for `bench " + owner + "`");
            }
        }
    }

    private static int kernels(final CommandLine line, final PrintStream out) throws UsageException {
        List<String> args = new ArrayList<>();
        if (line.hasOption("json")) {
            args.add("--json");
        }
        if (line.hasOption("quick")) {
            args.add("--quick");
        }
        if (line.hasOption("only")) {
            args.add("--only");
            args.add(line.getOptionValue("only"));
        }
        if (line.hasOption("threads")) {
            args.add("--threads");
            args.add(Integer.toString(TrainCommand.positive(line, "threads").orElseThrow()));
        }
        int status = KernelBench.run(args.toArray(String[]::new), out);
        return status == 0 ? Main.OK : Main.USAGE;
    }
}
