package dev.locus.cli;

import dev.locus.plot.AccuracyChart;
import dev.locus.plot.RunHistory;
import dev.locus.runtime.train.BatchProgress;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.ReportFormat;
import dev.locus.runtime.train.TrainingMonitor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What {@code locus train} shows of one train block while it trains, in the chosen {@link Style};
 * it keeps the run's {@link RunSummary}, redraws the {@code --plot} picture after each epoch, and
 * passes Ctrl-C on to the driver.
 */
final class TrainingOutput implements TrainingMonitor {
    /** How epochs are shown. */
    enum Style {
        /** On a terminal: a bar redrawn in place during the epoch, then the epoch's table. */
        BAR,
        /** Not on a terminal (a pipe, a file, CI): one line per epoch. */
        LINES,
        /** {@code --quiet}: nothing until the summary. */
        QUIET,
        /** {@code --json}: one JSON object per epoch on standard output, and nothing else there. */
        JSON
    }

    /** The picture that {@code --plot} keeps up to date: the runs before this one, and this one so far. */
    record Plot(Path file, List<RunHistory> earlier, String label) {
    }

    private final Style style;
    private final PrintStream out;
    private final Terminal terminal;
    private final List<String> layers;
    private final RunSummary summary;
    private final Optional<Plot> plot;
    private final BooleanSupplier stop;
    private ProgressBar bar;
    private RunSummary.Stop position;

    TrainingOutput(final Style style, final PrintStream out, final Terminal terminal, final List<String> layers,
                   final RunSummary summary, final Optional<Plot> plot, final BooleanSupplier stop) {
        this.style = style;
        this.out = out;
        this.terminal = terminal;
        this.layers = List.copyOf(layers);
        this.summary = summary;
        this.plot = plot;
        this.stop = stop;
    }

    @Override
    public void epochStarted(final int epoch, final int epochs, final int firstStep, final int steps,
                             final int samples) {
        position = new RunSummary.Stop(epoch, epochs, firstStep, steps);
        if (style == Style.BAR) {
            bar = new ProgressBar(out, layers, terminal.columns(), System::nanoTime);
        }
    }

    @Override
    public void batchDone(final BatchProgress progress) {
        position = new RunSummary.Stop(progress.epoch(), progress.epochs(), progress.step(), progress.steps());
        if (bar != null) {
            bar.update(progress);
        }
    }

    @Override
    public void epochDone(final EpochReport report) {
        summary.add(report);
        switch (style) {
            case BAR -> {
                bar.clear();
                out.println(EpochTable.of(report));
            }
            case LINES -> out.println(ReportFormat.progress(report));
            case QUIET -> { }
            case JSON -> out.println(ReportFormat.json(report));
        }
        if (plot.isPresent()) {
            List<RunHistory> runs = new ArrayList<>(plot.get().earlier());
            runs.add(history(plot.get().label()));
            AccuracyChart.write(runs, plot.get().file(), PlotSize.WIDTH, PlotSize.HEIGHT);
        }
    }

    @Override
    public boolean stopRequested() {
        if (!stop.getAsBoolean()) {
            return false;
        }
        if (bar != null) {
            bar.clear();
        }
        return true;
    }

    /** Where the run was when it was stopped (the last batch done). */
    Optional<RunSummary.Stop> position() {
        return Optional.ofNullable(position);
    }

    /** The finished epochs, as a picture draws them. */
    RunHistory history(final String label) {
        return RunHistory.of(label, summary.epochs());
    }
}
