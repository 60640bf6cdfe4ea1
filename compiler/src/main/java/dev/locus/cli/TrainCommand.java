package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSearchPath;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.DataSource;
import dev.locus.runtime.train.ReportFormat;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.TrainingDriver;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** `locus train FILE`: trains each network as its train block says, on the backend chosen (by default {@link Backends#DEFAULT}). */
final class TrainCommand implements Command {
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
        return "FILE [--backend NAME] [--data DIR] [--epochs N] [--limit N] [--checkpoint FILE] [--json]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.valued("backend", "NAME", "run on this backend (default " + Backends.DEFAULT + "): "
                        + String.join("; ", Backends.available().stream().map(b -> b.name() + ", " + b.description())
                        .toList())))
                .addOption(Main.valued("data", "DIR", "look for named data sets here first"))
                .addOption(Main.valued("epochs", "N", "override the train block's epochs"))
                .addOption(Main.valued("limit", "N", "use only the first N training images"))
                .addOption(Main.valued("checkpoint", "FILE", "write the parameters here after each epoch"))
                .addOption(Main.flag("json", "one JSON object per epoch on standard output"));
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        if (line.getArgList().size() != 1) {
            throw new UsageException(line.getArgList().isEmpty() ? "no file to train" : "train takes one file");
        }
        String name = line.getOptionValue("backend", Backends.DEFAULT);
        Backend backend = Backends.find(name).orElseThrow(() -> new UsageException("unknown backend `" + name
                + "`; available: " + Backends.names()));
        Optional<Integer> epochs = positive(line, "epochs");
        Optional<Integer> limit = positive(line, "limit");
        Path file = Path.of(line.getArgList().get(0));
        Diagnostics diagnostics = new Diagnostics();
        Optional<Compilation.Result> program = Compilation.compile(file, diagnostics);
        for (Diagnostic d : diagnostics.sorted()) {
            err.print(TextRenderer.render(d));
        }
        if (program.isEmpty()) {
            return Main.USER_ERROR;
        }
        if (program.get().units().isEmpty()) {
            throw new LocusException(file + ": no train block: nothing to train");
        }
        Path dataDir = line.hasOption("data") ? Path.of(line.getOptionValue("data")) : null;
        for (Compilation.Unit unit : program.get().units()) {
            train(unit, backend, file, dataDir, epochs, limit, line, out, err);
        }
        return Main.OK;
    }

    private static void train(final Compilation.Unit unit, final Backend backend, final Path file, final Path dataDir,
                              final Optional<Integer> epochs, final Optional<Integer> limit, final CommandLine line,
                              final PrintStream out, final PrintStream err) {
        TrainingPlan plan = unit.plan();
        int classes = plan.network().classes();
        Path base = file.toAbsolutePath().getParent();
        DataSet data = DataLoader.load(source(plan.data()), classes, DataSearchPath.standard(dataDir), base,
                notice -> err.println("locus train: " + notice));
        int[] expected = plan.network().input().dims();
        if (!Arrays.equals(expected, data.sampleShape())) {
            throw new LocusException(file + ":" + plan.data().span().line() + ": data " + data.name() + " has samples of "
                    + Arrays.toString(data.sampleShape()) + " but network " + plan.network().name() + " takes input "
                    + plan.network().input());
        }
        if (limit.isPresent()) {
            data = data.limit(limit.get());
        }
        Schedule schedule = plan.schedule().layerwise() ? new Schedule.Layerwise(plan.schedule().epochsPerLayer())
                : new Schedule.Simultaneous(epochs.orElse(plan.epochs()));
        Optional<Path> checkpoint = Optional.ofNullable(line.getOptionValue("checkpoint")).map(Path::of);
        var model = backend.model(unit.graph());
        var driverPlan = new dev.locus.runtime.train.TrainingPlan(plan.network().name(), plan.batch(), schedule,
                plan.seed(), checkpoint);
        boolean json = line.hasOption("json");
        if (!json) {
            err.println("training " + plan.network().name() + " under " + plan.rule().rule().name().text() + " on "
                    + data.name() + " (" + data.train().count() + " training, " + data.test().count()
                    + " test images), backend " + backend.name());
        }
        new TrainingDriver(model, data, driverPlan).run(report -> out.println(json ? ReportFormat.json(report)
                : ReportFormat.progress(report)));
    }

    private static DataSource source(final TrainingPlan.DataSource data) {
        if (data instanceof TrainingPlan.NamedData n) {
            return new DataSource.Named(n.name());
        }
        TrainingPlan.IdxData idx = (TrainingPlan.IdxData) data;
        return new DataSource.IdxFiles(idx.images().toString(), idx.labels().toString(), idx.testImages().toString(),
                idx.testLabels().toString());
    }

    private static Optional<Integer> positive(final CommandLine line, final String option) throws UsageException {
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
        throw new UsageException("--" + option + " takes a whole number >= 1, got `" + v + "`");
    }
}
