package dev.locus.hw.report;

import dev.locus.cli.Command;
import dev.locus.cli.Main;
import dev.locus.cli.UsageException;
import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.target.TargetOption;
import dev.locus.hw.HwOptions;
import dev.locus.hw.sim.CostTable;
import dev.locus.hw.sim.PrecisionComparison;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus hw-report FILE [--rules r1,r2,...] [--json] [--plot FILE.svg] [--clock MHZ] [--costs NAME|FILE]`:
 * the network of the program's train block under each rule, as a dataflow graph, through the
 * simulator: DRAM and SRAM bytes, peak activation storage, cross-layer backward bytes, cycles and
 * energy per sample, and their ratios to local_error.
 */
public final class HwReportCommand implements Command {
    @Override
    public String name() {
        return "hw-report";
    }

    @Override
    public String summary() {
        return "memory traffic, cycles and energy per sample of a network's dataflow graph under each rule";
    }

    @Override
    public String arguments() {
        return "FILE [--rules r1,r2,...] [--json] [--plot FILE.svg] [--clock MHZ] [--costs NAME|FILE]";
    }

    @Override
    public Options options() {
        Options o = new Options()
                .addOption(Main.valued("rules", "LIST", "the rules to compare, comma-separated, each as a train "
                        + "block writes it (default: " + String.join(",", HwReport.DEFAULT_RULES) + ")"))
                .addOption(Main.flag("json", "one JSON object per rule, one a line"))
                .addOption(Main.valued("plot", "FILE.svg", "also draw each rule's figures relative to local_error"))
                .addOption(Main.valued("costs", "NAME|FILE", "the energy costs: horowitz45 (default), eyeriss, or a "
                        + "file of `key = picojoules` lines (docs/HARDWARE.md)"))
                .addOption(Main.valued("network", "NAME", "the network of this train block (default: the first)"))
                .addOption(Main.valued("compare-precision", "STEPS", "also train STEPS batches of the built-in "
                        + "Fashion-MNIST sample in float32 and at --precision, and print both test accuracies"));
        for (TargetOption t : HwOptions.declared()) {
            o.addOption(t.valued() ? Main.valued(t.name(), t.argument(), t.description())
                    : Main.flag(t.name(), t.description()));
        }
        return o;
    }

    @Override
    public String footer() {
        return "The rule line of each train block is replaced by each rule in turn; the graph is folded alike "
                + "under every rule (the same --pe, --simd, --fold, or --auto-fold within --lanes). See "
                + "docs/HARDWARE.md for what is counted and the cost tables' sources.";
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        if (line.getArgList().size() != 1) {
            throw new UsageException(line.getArgList().isEmpty() ? "no file to report on" : "hw-report takes one file");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (TargetOption t : HwOptions.declared()) {
            if (line.hasOption(t.name())) {
                values.put(t.name(), t.valued() ? line.getOptionValue(t.name()) : "");
            }
        }
        HwOptions options;
        try {
            options = HwOptions.parse(values);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> rules = line.hasOption("rules") ? RuleSubstitution.split(line.getOptionValue("rules"))
                : HwReport.DEFAULT_RULES;
        if (rules.stream().anyMatch(String::isEmpty)) {
            throw new UsageException("--rules " + line.getOptionValue("rules") + ": an empty rule in the list");
        }
        Optional<Path> plot = Optional.ofNullable(line.getOptionValue("plot")).map(Path::of);
        if (plot.isPresent() && !plot.get().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            throw new UsageException("--plot " + plot.get() + ": the picture is an .svg file");
        }
        int steps = 0;
        if (line.hasOption("compare-precision")) {
            try {
                steps = Integer.parseInt(line.getOptionValue("compare-precision"));
            } catch (NumberFormatException e) {
                steps = -1;
            }
            if (steps < 1) {
                throw new UsageException("--compare-precision " + line.getOptionValue("compare-precision")
                        + ": expected a whole number of steps at least 1");
            }
            if (options.precision().isFloat()) {
                throw new UsageException("--compare-precision compares a fixed-point --precision (such as q8.8) "
                        + "with float32: give one");
            }
        }
        CostTable costs = CostTable.named(line.getOptionValue("costs", "horowitz45"));
        Path file = Path.of(line.getArgList().get(0));
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read it: " + e.getMessage(), e);
        }
        Optional<String> network = Optional.ofNullable(line.getOptionValue("network"));
        HwReport report = HwReport.run(file, source, rules, network, options, costs, err);
        out.print(line.hasOption("json") ? report.json() : report.table());
        plot.ifPresent(p -> {
            ReportChart.write(report, p);
            if (!line.hasOption("json")) {
                out.println("wrote " + p);
            }
        });
        if (steps > 0) {
            comparePrecision(file, source, network, options, steps, out);
        }
        return Main.OK;
    }

    private static void comparePrecision(final Path file, final String source, final Optional<String> network,
                                         final HwOptions options, final int steps, final PrintStream out) {
        Diagnostics d = new Diagnostics();
        var unit = Compilation.compile(file, source, d).flatMap(p -> p.units().stream()
                .filter(u -> network.isEmpty() || u.graph().network().name().equals(network.get())).findFirst())
                .orElseThrow(() -> new LocusException(file + ": --compare-precision trains the program as written, "
                        + "which does not compile: run locus check " + file));
        var ir = unit.graph();
        DataSet data = DataLoader.loadSample();
        if (!ir.network().input().equals(Shape.of(data.sampleShape())) || ir.network().classes() != data.classes()) {
            throw new LocusException(file + ": --compare-precision trains on the built-in Fashion-MNIST sample "
                    + "([1, 28, 28], 10 classes); network " + ir.network().name() + " takes " + ir.network().input()
                    + " and " + ir.network().classes() + " classes");
        }
        var r = PrecisionComparison.run(ir, "rule", options, data.train(), data.test(), steps,
                data.test().labels().length);
        out.printf(Locale.ROOT, "after %d steps on the built-in Fashion-MNIST sample, test accuracy on %d "
                        + "images: float32 %.1f%%, %s %.1f%%%n", r.steps(), r.testSamples(),
                100 * r.floatAccuracy(), r.precision(), 100 * r.fixedAccuracy());
    }
}
