package dev.locus.cli;

import dev.locus.plot.AccuracyChart;
import dev.locus.plot.PictureFormat;
import dev.locus.plot.RunFile;
import dev.locus.plot.RunHistory;
import dev.locus.runtime.LocusException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus plot RUN.jsonl... -o FILE`: the picture of saved `train --json` runs, several overlaid
 * (rule against rule), each named in the legend by its file and network.
 */
final class PlotCommand implements Command {
    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String summary() {
        return "draw the accuracies of saved `train --json` runs, overlaid, into a PNG or SVG file";
    }

    @Override
    public String arguments() {
        return "RUN.jsonl... -o FILE.png|FILE.svg [--width W] [--height H]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(org.apache.commons.cli.Option.builder("o").longOpt("output").hasArg().argName("FILE")
                        .desc("the picture to write: .png or .svg").get())
                .addOption(Main.valued("width", "W", "its width in pixels (default " + PlotSize.WIDTH + ")"))
                .addOption(Main.valued("height", "H", "its height in pixels (default " + PlotSize.HEIGHT + ")"));
    }

    @Override
    public String footer() {
        return "Each file holds the lines of one `locus train --json` run (one object per epoch); a file of several "
                + "networks gives a run per network. Per epoch, the picture draws each run's test accuracy (solid) "
                + "and each layer's local accuracy on the training samples (dashed), one colour per run.";
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        if (line.getArgList().isEmpty()) {
            throw new UsageException("no run to draw: give the files that `locus train --json` wrote");
        }
        if (!line.hasOption("output")) {
            throw new UsageException("say where to draw: -o FILE.png or -o FILE.svg");
        }
        Path picture = Path.of(line.getOptionValue("output"));
        if (PictureFormat.of(picture).isEmpty()) {
            throw new UsageException("-o " + picture + ": the picture's name must end in .png or .svg");
        }
        int width = PlotSize.of(line, "width", PlotSize.WIDTH);
        int height = PlotSize.of(line, "height", PlotSize.HEIGHT);
        List<RunHistory> runs = new ArrayList<>();
        for (String file : line.getArgList()) {
            runs.addAll(RunFile.read(Path.of(file)));
        }
        Path folder = picture.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new LocusException("-o " + picture + ": its folder " + folder + " does not exist");
        }
        AccuracyChart.write(runs, picture, width, height);
        err.println("locus plot: " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " drawn into " + picture);
        return Main.OK;
    }
}
