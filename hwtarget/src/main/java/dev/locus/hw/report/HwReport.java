package dev.locus.hw.report;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.hw.HwOptions;
import dev.locus.hw.graph.GraphLowering;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.sim.CostTable;
import dev.locus.hw.sim.Profile;
import dev.locus.runtime.LocusException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The memory-traffic comparison: one program's network lowered under each rule, folded alike,
 * profiled by the simulator, with each figure's ratio to local_error's.
 */
public final class HwReport {
    /** The rules compared when none are named. */
    public static final List<String> DEFAULT_RULES = List.of("local_error", "local_error_sc", "feedback_alignment",
            "backprop");
    public static final String BASELINE = "local_error";

    private final List<RuleReport> rows;
    private final RuleReport baseline;
    private final HwOptions options;
    private final Path file;

    private HwReport(final List<RuleReport> rows, final RuleReport baseline, final HwOptions options, final Path file) {
        this.rows = List.copyOf(rows);
        this.baseline = baseline;
        this.options = options;
        this.file = file;
    }

    public List<RuleReport> rows() {
        return rows;
    }

    public RuleReport baseline() {
        return baseline;
    }

    /**
     * The report for {@code source} (the text of {@code file}) under each of {@code rules}; the
     * network of the train block of {@code network}, or of the first train block.
     *
     * @throws LocusException when the program, under one of the rules, does not compile (its
     *                        diagnostics are printed to {@code err} first) or cannot be mapped
     */
    public static HwReport run(final Path file, final String source, final List<String> rules,
                               final Optional<String> network, final HwOptions options, final CostTable costs,
                               final PrintStream err) {
        List<RuleReport> rows = new ArrayList<>();
        RuleReport base = null;
        List<String> all = new ArrayList<>(rules);
        if (rules.stream().map(RuleSubstitution::name).noneMatch(BASELINE::equals)) {
            all.add(BASELINE);
        }
        for (String rule : all) {
            IrGraph ir = compile(file, RuleSubstitution.apply(source, rule), rule, network, err);
            HwGraph g = GraphLowering.lower(ir, RuleSubstitution.name(rule), options.precision());
            options.fold(g);
            RuleReport row = new RuleReport(rule, Profile.of(g, options.sramBytes(), costs), options.clockMhz());
            if (rules.contains(rule)) {
                rows.add(row);
            }
            if (base == null && RuleSubstitution.name(rule).equals(BASELINE)) {
                base = row;
            }
        }
        return new HwReport(rows, base, options, file);
    }

    private static IrGraph compile(final Path file, final String text, final String rule,
                                   final Optional<String> network, final PrintStream err) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<Compilation.Result> result = Compilation.compile(file, text, diagnostics);
        if (result.isEmpty()) {
            for (Diagnostic d : diagnostics.sorted()) {
                err.print(TextRenderer.render(d));
            }
            throw new LocusException(file + ": does not compile under rule " + rule);
        }
        List<Compilation.Unit> units = result.get().units();
        if (units.isEmpty()) {
            throw new LocusException(file + ": no train block: the report compares a train block's network under "
                    + "several rules");
        }
        return units.stream().map(Compilation.Unit::graph)
                .filter(g -> network.isEmpty() || g.network().name().equals(network.get())).findFirst()
                .orElseThrow(() -> new LocusException(file + ": no train block trains network " + network.get()));
    }

    /** The table `locus hw-report` prints. */
    public String table() {
        StringBuilder out = new StringBuilder();
        HwGraph g = baseline.profile().graph();
        out.append(String.format(Locale.ROOT, "%s (%s), batch %d, %s, %s folding, %s MHz, costs %s, SRAM up to "
                        + "%d KiB per memory%n", g.network(), file.getFileName(), g.batch(),
                g.node("input").precision(), foldingDescription(), fmt(options.clockMhz()), baseline.profile().costs(),
                options.sramBytes() / 1024));
        out.append("per training sample; ratios are to local_error's (x)\n");
        out.append(String.format(Locale.ROOT, "%-22s %12s %12s %12s %12s %12s %10s %10s %8s %8s %8s %8s %8s%n",
                "rule", "DRAM B", "SRAM B", "peak act B", "backward B", "cycles", "us @clock", "energy uJ",
                "DRAM x", "SRAM x", "peak x", "cycles x", "energy x"));
        for (RuleReport r : rows) {
            out.append(String.format(Locale.ROOT, "%-22s %12.0f %12.0f %12d %12.0f %12.0f %10.2f %10.3f %8s %8s %8s "
                            + "%8s %8s%n", r.rule(), r.dramBytes(), r.sramBytes(), r.peakActivationBytes(),
                    r.backwardEdgeBytes(), r.cycles(), r.cycles() / options.clockMhz(), r.energyPj() / 1e6,
                    RuleReport.ratio(r.dramBytes(), baseline.dramBytes()),
                    RuleReport.ratio(r.sramBytes(), baseline.sramBytes()),
                    RuleReport.ratio(r.peakActivationBytes(), baseline.peakActivationBytes()),
                    RuleReport.ratio(r.cycles(), baseline.cycles()),
                    RuleReport.ratio(r.energyPj(), baseline.energyPj())));
        }
        return out.toString();
    }

    /** --json: one line per rule. */
    public String json() {
        StringBuilder out = new StringBuilder();
        for (RuleReport r : rows) {
            out.append(r.json(baseline)).append('\n');
        }
        return out.toString();
    }

    private String foldingDescription() {
        if (options.auto()) {
            return "automatic (" + options.lanes() + " lanes)";
        }
        return options.folding().pe() + " x " + options.folding().simd() + options.foldFile().map(f -> " + " + f)
                .orElse("");
    }

    private static String fmt(final double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
