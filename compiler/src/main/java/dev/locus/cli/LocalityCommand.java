package dev.locus.cli;

import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.locality.Edge;
import dev.locus.compiler.locality.LocalityCheck;
import dev.locus.compiler.locality.LocalityReport;
import dev.locus.compiler.lower.Lowering;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** `check --explain-locality` and `check --require-local`: the locality proof of each train block, said aloud. */
final class LocalityCommand {
    private LocalityCommand() {
    }

    /** Prints the explanation to {@code out} (if not null) and reports edges as errors (if {@code errors} is not null). */
    static void run(final CheckedProgram program, final PrintStream out, final Diagnostics errors) {
        for (TrainingPlan plan : program.plans()) {
            IrGraph graph = Lowering.lower(plan);
            LocalityReport report = LocalityCheck.analyze(graph);
            String rule = plan.rule().rule().name().text();
            if (out != null) {
                explain(plan, rule, report, out);
            }
            if (errors != null) {
                Set<Integer> said = new HashSet<>();
                for (Edge e : report.edges()) {
                    if (said.add(e.op().origin().start())) {
                        var d = errors.error(Code.LOCALITY, e.op().origin(), "rule " + rule + " is not local: the update "
                                + "of layer `" + e.reader().layer() + "` reads the error of layer `" + e.source().layer()
                                + "` (--require-local)");
                        errors.replace(d, d.withNote(plan.rule().span(), "the rule is applied to network "
                                + plan.network().name() + " here"));
                    }
                }
            }
        }
    }

    private static void explain(final TrainingPlan plan, final String rule, final LocalityReport report,
                                final PrintStream out) {
        out.println("network " + plan.network().name() + " under rule " + rule + ": "
                + (report.isLocal() ? "local (no update block reads a later layer)"
                : report.edges().size() + " cross-layer backward edge" + (report.edges().size() == 1 ? "" : "s")));
        for (Map.Entry<String, Set<String>> e : report.reads().entrySet()) {
            out.println("  " + e.getKey() + ": reads " + String.join(", ", e.getValue()));
        }
        Set<String> said = new HashSet<>();
        for (Edge e : report.edges()) {
            String text = "  edge " + e.source().name() + " -> " + e.reader().name() + " (" + e.value().name() + "), from "
                    + e.op().origin().file().name() + ":" + e.op().origin().line();
            if (said.add(text)) {
                out.println(text);
            }
        }
    }
}
