package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.backend.MemoryEstimate;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.Provenance;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSearchPath;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.DataSource;
import dev.locus.plot.PictureFormat;
import dev.locus.plot.RunHistory;
import dev.locus.runtime.kernel.KernelPool;
import dev.locus.runtime.train.TrainingDivergedException;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.TrainingDriver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus train FILE`: trains each network as its train block says, on the backend chosen (by default
 * {@link Backends#DEFAULT}).
 * Everything that can be refused is refused before the first batch of the first block: the
 * checkpoint places, the data (its place, shape and classes) and the memory of every block.
 */
final class TrainCommand implements Command {
    private final Terminal terminal;

    TrainCommand() {
        this(Terminal.system());
    }

    /** A train command that shows its progress as on {@code terminal} (tests give one, to see both styles). */
    TrainCommand(final Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train as the file's train block says; per-epoch test accuracy and per-layer local losses";
    }

    @Override
    public String arguments() {
        return "FILE [--backend NAME] [--dump-classes DIR] [--data DIR] [--epochs N] [--limit N] [--threads N] "
                + "[--checkpoint FILE] [--resume CKPT] [--plot FILE] [--json | --quiet]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.valued("backend", "NAME", "run on this backend (default " + Backends.DEFAULT + "): "
                        + String.join("; ", Backends.available().stream().map(b -> b.name() + ", " + b.description())
                        .toList())))
                .addOption(Main.valued("dump-classes", "DIR", "write each network's generated class (NAME.class) and "
                        + "its listing (NAME.txt) to DIR, and run that class as an ordinary one, so that stack traces "
                        + "and profilers show the .locus lines (backend jvm; the interpreter generates nothing)"))
                .addOption(Main.valued("data", "DIR", "the folder of the named data set (the files themselves, or a "
                        + "subfolder such as fashion-mnist); nothing else is searched, and a folder without the set is "
                        + "an error. Without --data: $LOCUS_DATA, ~/.locus/data, /usr/share/datasets, then for "
                        + "fashion_mnist the built-in sample. The folder used is named on standard error"))
                .addOption(Main.valued("epochs", "N", "override the train block's epochs; under schedule layerwise, "
                        + "the epochs of each layer (instead of layerwise(epochs: ...))"))
                .addOption(Main.valued("limit", "N", "use only the first N training images (all of them, said on "
                        + "standard error, when the set has fewer)"))
                .addOption(Main.valued("checkpoint", "FILE", "write the parameters and training state to FILE after "
                        + "each epoch, once the epoch's result is printed, atomically, as safetensors "
                        + "(docs/CHECKPOINTS.md). Refused before training if FILE is a folder, "
                        + "its folder is missing or cannot be written, or FILE exists and is not a checkpoint. With "
                        + "several train blocks each network gets its own file, named on standard error: run.ckpt "
                        + "becomes run.NETWORK.ckpt"))
                .addOption(Main.valued("resume", "CKPT", "continue the run from checkpoint CKPT (written with "
                        + "--checkpoint) exactly as if it had never stopped: its parameters, optimizer state, step "
                        + "counters and epoch; the run still ends after the train block's epochs (or --epochs). "
                        + "Refused before training if CKPT is damaged, of another network or program, or already at "
                        + "the last epoch. With several train blocks, run.ckpt means run.NETWORK.ckpt"))
                .addOption(Main.valued("threads", "N", "run the kernels on N threads (default: all "
                        + Runtime.getRuntime().availableProcessors() + " cores)"))
                .addOption(Main.valued("plot", "FILE", "draw each epoch's test accuracy and every layer's local "
                        + "accuracy into FILE (.png or .svg), redrawn after each epoch"))
                .addOption(Main.flag("quiet", "print nothing while training, only the summary at the end (errors "
                        + "and notices still go to standard error)"))
                .addOption(Main.flag("json", "one JSON object per epoch on standard output: network, epoch, epochs "
                        + "(of the run), phase ({layer, index, of} under schedule layerwise, else null), "
                        + "test_accuracy, images_per_second, train_seconds, layers [{name, local_loss, "
                        + "local_accuracy}] (both null for a layer without a loss of its own, such as a hidden "
                        + "layer under backprop; local_accuracy null for a layer with a loss but no classifier, "
                        + "such as a hidden layer under drtp); nothing else, not even the summary"));
    }

    @Override
    public String footer() {
        return "The network's classes must match the data's, and a run that needs more memory than the Java heap "
                + "has is refused with its size; give Java more with LOCUS_JAVA_OPTS=-Xmx8g bin/locus train ...\n"
                + "On a terminal a bar shows each epoch's progress, then a table of the layers; elsewhere (a pipe, a "
                + "file) one line per epoch. A summary ends each run. Ctrl-C stops after the batch in hand, writes the "
                + "checkpoint as of that batch (--resume continues from it exactly), prints the summary and exits "
                + "130; a second Ctrl-C exits at once.";
    }

    /** A train block ready to run: its data, schedule, lowered graph and checkpoint place, all checked. */
    private record Run(TrainingPlan plan, Backend backend, DataSet data, Schedule schedule, IrGraph graph, MemoryEstimate memory,
                       Optional<Path> checkpoint, Provenance provenance, Optional<Resume> resume) {
    }

    /** A checkpoint to continue from, read and checked. */
    private record Resume(Path file, Checkpoint checkpoint) {
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        if (line.getArgList().size() != 1) {
            throw new UsageException(line.getArgList().isEmpty() ? "no file to train" : "train takes one file");
        }
        String name = line.getOptionValue("backend", Backends.DEFAULT);
        Backend backend = Backends.find(name).orElseThrow(() -> new UsageException("unknown backend `" + name
                + "`; available: " + Backends.names()));
        Optional<Path> dump = Optional.ofNullable(line.getOptionValue("dump-classes")).map(Path::of);
        Optional<Integer> epochs = positive(line, "epochs");
        Optional<Integer> limit = positive(line, "limit");
        int threads = Threads.of(line).orElse(Runtime.getRuntime().availableProcessors());
        if (line.hasOption("json") && line.hasOption("quiet")) {
            throw new UsageException("--json and --quiet cannot go together: --json already prints nothing but its "
                    + "lines on standard output");
        }
        Optional<Path> plot = Optional.ofNullable(line.getOptionValue("plot")).map(Path::of);
        if (plot.isPresent() && PictureFormat.of(plot.get()).isEmpty()) {
            throw new UsageException("--plot " + plot.get() + ": the picture's name must end in .png or .svg");
        }
        Path file = Path.of(line.getArgList().get(0));
        Diagnostics diagnostics = new Diagnostics();
        Optional<Compilation.Result> program = Compilation.compile(file, diagnostics);
        for (Diagnostic d : diagnostics.sorted()) {
            err.print(TextRenderer.render(d));
        }
        if (program.isEmpty()) {
            return Main.USER_ERROR;
        }
        List<Compilation.Unit> units = program.get().units();
        List<TrainingPlan> plans = units.stream().map(Compilation.Unit::plan).toList();
        if (plans.isEmpty()) {
            throw new LocusException(file + ": no train block: nothing to train");
        }
        List<Optional<Path>> checkpoints = CheckpointNames.of(
                Optional.ofNullable(line.getOptionValue("checkpoint")).map(Path::of), plans);
        if (plans.size() > 1 && line.hasOption("checkpoint")) {
            List<String> places = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                places.add(plans.get(i).network().name() + " to " + checkpoints.get(i).orElseThrow());
            }
            err.println("locus train: " + plans.size() + " train blocks, so each network's checkpoint has its name: "
                    + String.join(", ", places));
        }
        Optional<Path> resumeFlag = Optional.ofNullable(line.getOptionValue("resume")).map(Path::of);
        Optional<Path> dataDir = Optional.ofNullable(line.getOptionValue("data")).map(Path::of);
        Map<DataSource, DataSet> loaded = new HashMap<>();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            String network = plans.get(i).network().name();
            Optional<Path> from = resumeFlag.map(f -> plans.size() == 1 ? f : CheckpointNames.named(f, network));
            // A damaged checkpoint is refused before the data is even read.
            Optional<Checkpoint> read = from.map(f -> Checkpoints.read("resume", f));
            Run run = prepare(units.get(i), backend, file, dataDir, loaded, epochs, limit, checkpoints.get(i), err);
            String sha256 = program.get().program().sha256();
            Optional<Resume> resume = from.map(f -> resume(f, read.orElseThrow(), Checkpoints.provenance(sha256,
                    run.plan(), backend, run.data()), run, err));
            // A resumed run standardizes its images as the checkpoint's run did, whatever --limit says now.
            DataSet data = resume.map(r -> r.checkpoint().provenance())
                    .map(p -> run.data().standardizedBy(p.inputMean(), p.inputStd())).orElse(run.data());
            runs.add(new Run(run.plan(), backend, data, run.schedule(), run.graph(), run.memory(), run.checkpoint(),
                    Checkpoints.provenance(sha256, run.plan(), backend, data), resume));
        }
        loaded.clear();
        Set<DataSet> held = Collections.newSetFromMap(new IdentityHashMap<>());
        runs.forEach(r -> held.add(r.data()));
        long dataBytes = held.stream().mapToLong(DataSet::heapBytes).sum();
        for (Run run : runs) {
            checkMemory(run, dataBytes);
        }
        if (plot.isPresent()) {
            checkPlotPlace(plot.get());
        }
        KernelPool.setThreads(threads);
        TrainingOutput.Style style = line.hasOption("json") ? TrainingOutput.Style.JSON
                : line.hasOption("quiet") ? TrainingOutput.Style.QUIET
                : terminal.interactive() ? TrainingOutput.Style.BAR : TrainingOutput.Style.LINES;
        List<RunHistory> drawn = new ArrayList<>();
        try (CtrlC ctrlC = CtrlC.handle()) {
            for (Run run : runs) {
                Optional<TrainingOutput.Plot> picture = plot.map(p -> new TrainingOutput.Plot(p, List.copyOf(drawn),
                        file.getFileName() + " " + run.plan().network().name()));
                if (!train(run, dump, style, picture, ctrlC, out, err, drawn)) {
                    return CtrlC.STATUS;
                }
            }
        }
        return Main.OK;
    }

    /** Refuses a --plot place that cannot be written, before training rather than after the first epoch. */
    private static void checkPlotPlace(final Path plot) {
        Path folder = plot.toAbsolutePath().getParent();
        if (Files.isDirectory(plot)) {
            throw new LocusException("--plot " + plot + ": is a folder");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new LocusException("--plot " + plot + ": its folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new LocusException("--plot " + plot + ": its folder " + folder + " cannot be written");
        }
    }

    private static Run prepare(final Compilation.Unit unit, final Backend backend, final Path file, final Optional<Path> dataDir,
                               final Map<DataSource, DataSet> loaded, final Optional<Integer> epochs,
                               final Optional<Integer> limit, final Optional<Path> checkpoint, final PrintStream err) {
        TrainingPlan plan = unit.plan();
        String network = plan.network().name();
        DataSource source = TrainingData.source(plan.data());
        if (dataDir.isPresent() && source instanceof DataSource.IdxFiles) {
            err.println("locus train: " + plan.data().span() + ": --data " + dataDir.get() + " is not used: the train "
                    + "block of " + network + " reads its own idx(...) files");
        }
        DataSet data = loaded.get(source);
        if (data == null) {
            data = DataLoader.load(source, DataSearchPath.standard(dataDir.orElse(null)),
                    file.toAbsolutePath().getParent(), notice -> err.println("locus train: " + notice));
            loaded.put(source, data);
        }
        TrainingData.check(plan, data);
        data = TrainingData.limit(data, limit, "train", err);
        IrGraph graph = unit.graph();
        return new Run(plan, backend, data, schedule(plan, epochs), graph, backend.memory(graph, plan.batch()),
                checkpoint, null, Optional.empty());
    }

    /** The checkpoint a run continues from, refused if it cannot be continued within the run's epochs. */
    private static Resume resume(final Path file, final Checkpoint checkpoint, final Provenance provenance,
                                 final Run run, final PrintStream err) {
        Checkpoints.check("resume", file, checkpoint, provenance, "train", err);
        TrainingPosition at = checkpoint.position();
        int epochs = run.schedule().totalEpochs(run.plan().network().layers().size());
        if (at.epoch() >= epochs) {
            throw new LocusException("--resume " + file + ": the checkpoint was taken after " + at.describe()
                    + ", and the run has " + epochs + " epochs: nothing is left to train (ask for more with --epochs)");
        }
        int steps = (run.data().train().count() + run.plan().batch() - 1) / run.plan().batch();
        if (at.batch() >= steps) {
            throw new LocusException("--resume " + file + ": the checkpoint was taken after " + at.describe()
                    + ", but an epoch of this run has " + steps + " batches");
        }
        return new Resume(file, checkpoint);
    }

    /** The train block's schedule; {@code --epochs} replaces its epochs, per layer under layerwise. */
    private static Schedule schedule(final TrainingPlan plan, final Optional<Integer> epochs) {
        if (!plan.schedule().layerwise()) {
            return new Schedule.Simultaneous(epochs.orElse(plan.epochs()));
        }
        int perLayer = epochs.orElse(plan.schedule().epochsPerLayer());
        int layers = plan.network().layers().size();
        if ((long) perLayer * layers > Integer.MAX_VALUE) {
            throw new LocusException((epochs.isPresent() ? "--epochs " + perLayer : plan.span().toString())
                    + ": under schedule layerwise, " + perLayer + " epochs for each of the " + layers + " layers of "
                    + plan.network().name() + " is more than " + Integer.MAX_VALUE + " epochs");
        }
        return new Schedule.Layerwise(perLayer);
    }

    /** Refuses a model that cannot fit in the heap beside the data, before any of it is allocated. */
    private static void checkMemory(final Run run, final long dataBytes) {
        TrainingPlan plan = run.plan();
        MemoryEstimate m = run.memory();
        if (!m.fitsInArrays()) {
            throw new LocusException(String.format(Locale.ROOT, "%s: network %s cannot be trained on the %s backend: "
                    + "its value `%s` would hold %,d numbers, more than one Java array holds (%,d); make the network "
                    + "or the batch smaller", plan.span(), plan.network().name(), run.backend().name(), m.largest(),
                    m.largestValues(),
                    MemoryEstimate.MOST_ARRAY_VALUES));
        }
        long needed = m.total() > Long.MAX_VALUE - dataBytes ? Long.MAX_VALUE : m.total() + dataBytes;
        long max = HeapAdvice.maxHeap();
        if (needed > max) {
            // A quarter more than the estimate, for what it leaves out (object headers, the temporaries of ops).
            long wanted = needed > Long.MAX_VALUE / 5 * 4 ? Long.MAX_VALUE : needed / 4 * 5;
            throw new LocusException(String.format(Locale.ROOT, "%s: network %s needs about %s to train on the "
                    + "%s backend (parameters %,d, optimizer state %,d, one step's values for a batch of %d %,d, "
                    + "data %,d), more than the Java heap's %s; %s, or make the network or the batch smaller",
                    plan.span(), plan.network().name(), HeapAdvice.bytes(needed), run.backend().name(),
                    m.parameters(), m.optimizerState(), plan.batch(), m.stepValues(), dataBytes, HeapAdvice.bytes(max),
                    HeapAdvice.moreMemory("train", wanted)));
        }
    }

    /**
     * Trains one block, showing it in {@code style}, and prints its summary (also when it diverges).
     *
     * @return false if Ctrl-C stopped it
     */
    private boolean train(final Run run, final Optional<Path> dump, final TrainingOutput.Style style, final Optional<TrainingOutput.Plot> plot,
                          final CtrlC ctrlC, final PrintStream out, final PrintStream err,
                          final List<RunHistory> drawn) {
        TrainingPlan plan = run.plan();
        var model = run.backend().model(run.graph(), dump);
        var driverPlan = new dev.locus.runtime.train.TrainingPlan(run.provenance(), plan.batch(), run.schedule(),
                plan.seed(), run.checkpoint());
        TrainingPosition from = TrainingPosition.START;
        if (run.resume().isPresent()) {
            Checkpoints.restore("resume", run.resume().get().file(), run.resume().get().checkpoint(), model,
                    plan.network().name());
            from = run.resume().get().checkpoint().position();
        }
        if (style == TrainingOutput.Style.BAR || style == TrainingOutput.Style.LINES) {
            String schedule = run.schedule() instanceof Schedule.Layerwise l
                    ? ", layerwise: " + l.epochsPerLayer() + " epochs for each of " + model.layerNames().size()
                            + " layers"
                    : "";
            err.println("training " + plan.network().name() + " under " + plan.rule().rule().name().text() + " on "
                    + run.data().name() + " (" + run.data().train().count() + " training, " + run.data().test().count()
                    + " test images)" + schedule + ", backend " + run.backend().name()
                    + (from.equals(TrainingPosition.START) ? "" : ", resuming from " + run.resume().get().file()
                            + " after " + from.describe()));
        }
        DataSet data = run.data();
        RunSummary summary = new RunSummary(plan.network().name(), plan.rule().rule().name().text(),
                String.format(Locale.ROOT, "%s (%d training, %d test images) from %s", data.name(),
                        data.train().count(), data.test().count(), folder(data.trainSource())), run.checkpoint());
        TrainingOutput output = new TrainingOutput(style, out, terminal, model.layerNames(), summary, plot,
                ctrlC::pressed);
        // Under --json, standard output is for the JSON lines alone, and they already hold every figure.
        boolean summarize = style != TrainingOutput.Style.JSON;
        long start = System.nanoTime();
        try {
            new TrainingDriver(model, data, driverPlan).runMonitored(from, output);
        } catch (TrainingDivergedException e) {
            if (summarize) {
                out.println(summary.text((System.nanoTime() - start) / 1e9, Optional.empty()));
            }
            throw e;
        }
        boolean stopped = ctrlC.pressed();
        if (summarize) {
            out.println(summary.text((System.nanoTime() - start) / 1e9, stopped ? output.position() : Optional.empty()));
        }
        if (plot.isPresent() && !summary.epochs().isEmpty()) {
            drawn.add(output.history(plot.get().label()));
        }
        return !stopped;
    }

    /**
     * The folder of the training images, from their source ({@code images + labels}, as the data
     * loader names them); the whole source when it is not a file's path.
     */
    private static String folder(final String source) {
        String images = source.split(" \\+ ", 2)[0];
        try {
            Path parent = Path.of(images).getParent();
            return parent == null ? source : parent.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return source;
        }
    }

    /** The value of a whole-number option from 1 up, if given. */
    static Optional<Integer> positive(final CommandLine line, final String option) throws UsageException {
        if (!line.hasOption(option)) {
            return Optional.empty();
        }
        String v = line.getOptionValue(option);
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " takes a whole number from 1 to " + Integer.MAX_VALUE + ", got `" + v
                + "`");
    }
}
