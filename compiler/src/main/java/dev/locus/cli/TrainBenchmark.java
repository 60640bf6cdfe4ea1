package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.jvm.JvmBackend;
import dev.locus.compiler.jvm.NetworkCompiler;
import dev.locus.runtime.JsonText;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.bench.TrainBench;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSearchPath;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.DataSource;
import dev.locus.runtime.kernel.KernelPool;
import dev.locus.runtime.train.TrainableModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;

/**
 * `locus bench train FILE`: the training speed of a train block's model on a backend, in images
 * per second and GFLOP/s (the products of one step counted from the IR, {@link StepFlops}),
 * measured by {@link TrainBench} over whole minibatches of the block's own data.
 */
final class TrainBenchmark {
    /** The options that only `bench train` takes. */
    static final List<String> OPTIONS = List.of("network", "batch", "backend", "steps", "warmup", "warmup-seconds",
            "data", "limit");
    static final int WARMUP_STEPS = 1;
    static final double WARMUP_SECONDS = 2;
    /** Without --steps: the least timed time. */
    static final double SECONDS = 5;

    private TrainBenchmark() {
    }

    static int run(final List<String> files, final CommandLine line, final PrintStream out, final PrintStream err)
            throws UsageException {
        if (files.size() != 1) {
            throw new UsageException(files.isEmpty() ? "no file to measure: `bench train FILE`"
                    : "bench train takes one file");
        }
        String name = line.getOptionValue("backend", Backends.DEFAULT);
        Backend backend = Backends.find(name).orElseThrow(() -> new UsageException("unknown backend `" + name
                + "`; available: " + Backends.names()));
        Optional<Integer> batch = TrainCommand.positive(line, "batch");
        Optional<Integer> steps = TrainCommand.positive(line, "steps");
        Optional<Integer> limit = TrainCommand.positive(line, "limit");
        Optional<Integer> threads = TrainCommand.positive(line, "threads");
        int warmupSteps = warmupSteps(line);
        double warmupSeconds = warmupSeconds(line);
        Path file = Path.of(files.get(0));
        Diagnostics diagnostics = new Diagnostics();
        Optional<Compilation.Result> program = Compilation.compile(file, diagnostics);
        for (Diagnostic d : diagnostics.sorted()) {
            err.print(TextRenderer.render(d));
        }
        if (program.isEmpty()) {
            return Main.USER_ERROR;
        }
        Compilation.Unit unit = unit(file, program.get().units(), Optional.ofNullable(line.getOptionValue("network")));
        TrainingPlan plan = unit.plan();
        int size = batch.orElse(plan.batch());
        DataSet data = data(plan, file, Optional.ofNullable(line.getOptionValue("data")).map(Path::of), limit, err);
        if (data.train().count() < size) {
            throw new LocusException(String.format(Locale.ROOT, "data %s has %,d training images%s, fewer than one "
                    + "batch of %d: bench train measures whole batches", data.name(), data.train().count(),
                    limit.isPresent() ? " (--limit " + limit.get() + ")" : "", size));
        }
        IrGraph graph = unit.graph();
        long flops = StepFlops.of(graph, size);
        int before = KernelPool.shared().threads();
        TrainBench.Result result;
        try {
            threads.ifPresent(KernelPool::setThreads);
            TrainableModel model = backend.model(graph);
            result = TrainBench.run(model, data.train(), new TrainBench.Plan(size, plan.seed(), warmupSteps,
                    warmupSeconds, steps.map(OptionalInt::of).orElse(OptionalInt.empty()), SECONDS));
        } finally {
            KernelPool.setThreads(before);
        }
        // Only the JVM backend plans its buffers; the interpreter keeps every value of a step.
        OptionalLong stepBytes = backend instanceof JvmBackend ? OptionalLong.of(NetworkCompiler.stepBufferBytes(graph))
                : OptionalLong.empty();
        Report report = new Report(plan.network().name(), plan.rule().rule().name().text(), backend.name(),
                threads.orElse(before), data.name(), flops, stepBytes, result);
        out.println(line.hasOption("json") ? report.json() : report.text());
        return Main.OK;
    }

    /** The train block of {@code --network}, or else the file's first. */
    private static Compilation.Unit unit(final Path file, final List<Compilation.Unit> units,
                                         final Optional<String> network) throws UsageException {
        if (units.isEmpty()) {
            throw new LocusException(file + ": no train block: nothing to measure");
        }
        if (network.isEmpty()) {
            return units.get(0);
        }
        for (Compilation.Unit u : units) {
            if (u.plan().network().name().equals(network.get())) {
                return u;
            }
        }
        throw new UsageException("--network " + network.get() + ": " + file + " has no train block of network `"
                + network.get() + "`; its train blocks train " + units.stream().map(u -> u.plan().network().name())
                .collect(Collectors.joining(", ")));
    }

    /** The block's data as `train` reads it (the same search, the same checks, the same --limit). */
    private static DataSet data(final TrainingPlan plan, final Path file, final Optional<Path> dataDir,
                                final Optional<Integer> limit, final PrintStream err) {
        DataSource source = TrainingData.source(plan.data());
        if (dataDir.isPresent() && source instanceof DataSource.IdxFiles) {
            err.println("locus bench: " + plan.data().span() + ": --data " + dataDir.get() + " is not used: the "
                    + "train block of " + plan.network().name() + " reads its own idx(...) files");
        }
        DataSet data = DataLoader.load(source, DataSearchPath.standard(dataDir.orElse(null)),
                file.toAbsolutePath().getParent(), notice -> err.println("locus bench: " + notice));
        TrainingData.check(plan, data);
        return TrainingData.limit(data, limit, "bench", err);
    }

    private static int warmupSteps(final CommandLine line) throws UsageException {
        String v = line.getOptionValue("warmup", Integer.toString(WARMUP_STEPS));
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--warmup takes a whole number of steps from 0 to " + Integer.MAX_VALUE + ", got `"
                + v + "`");
    }

    private static double warmupSeconds(final CommandLine line) throws UsageException {
        String v = line.getOptionValue("warmup-seconds", Double.toString(WARMUP_SECONDS));
        try {
            double s = Double.parseDouble(v);
            if (s >= 0 && s <= 3600) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--warmup-seconds takes a number of seconds from 0 to 3600, got `" + v + "`");
    }

    /** What one measurement says, for people or for tools. */
    private record Report(String network, String rule, String backend, int threads, String data, long flopsPerStep,
                          OptionalLong stepBufferBytes, TrainBench.Result result) {
        double gflops() {
            return flopsPerStep * result.stepsPerSecond() / 1e9;
        }

        String json() {
            StringBuilder out = new StringBuilder("{\"bench\":\"train\",\"network\":");
            JsonText.appendQuoted(out, network);
            out.append(",\"rule\":");
            JsonText.appendQuoted(out, rule);
            out.append(",\"backend\":");
            JsonText.appendQuoted(out, backend);
            out.append(String.format(Locale.ROOT, ",\"batch\":%d,\"threads\":%d,\"images_per_second\":%.2f,"
                            + "\"gflops\":%.4f,\"steps\":%d,\"seconds\":%.6f,\"warmup_steps\":%d,"
                            + "\"warmup_seconds\":%.6f,\"flops_per_step\":%d,\"data\":",
                    result.batch(), threads, result.imagesPerSecond(), gflops(), result.steps(), result.seconds(),
                    result.warmupSteps(), result.warmupSeconds(), flopsPerStep));
            JsonText.appendQuoted(out, data);
            out.append(",\"step_buffer_bytes\":").append(stepBufferBytes.isPresent()
                    ? Long.toString(stepBufferBytes.getAsLong()) : "null");
            return out.append('}').toString();
        }

        String text() {
            return String.format(Locale.ROOT, "%s under %s, backend %s, batch %d, %d thread%s: %.1f images/s, "
                            + "%.3f GFLOP/s (%d steps in %.2f s after %d warm-up steps in %.2f s; %.4f GFLOP a step; "
                            + "data %s)",
                    network, rule, backend, result.batch(), threads, threads == 1 ? "" : "s", result.imagesPerSecond(),
                    gflops(), result.steps(), result.seconds(), result.warmupSteps(), result.warmupSeconds(),
                    flopsPerStep / 1e9, data);
        }
    }
}
