package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.JsonRenderer;
import dev.locus.compiler.locality.Edge;
import dev.locus.compiler.locality.LocalityCheck;
import dev.locus.compiler.locality.LocalityReport;
import dev.locus.compiler.locality.Read;
import dev.locus.compiler.source.Span;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * `check --explain-locality` and `check --require-local`: the locality proof of each train block,
 * said aloud in the program's own names (layers, the checkpoint names of parameters, the rule and
 * the line of its statement that makes each edge).
 *
 * <p>Under `--json` the explanation of a train block is one JSON object on one line (diagnostics,
 * on the same stream, are the objects with a "severity"):
 * <pre>
 * {"network": "Net", "rule": "backprop",
 *  "file": "net.locus", "line": 12, "column": 5,          the train block's `rule` line
 *  "local": false,
 *  "layers": [{"name": "fc1",                             in network order
 *              "reads": [{"kind": K, "layer": "fc2" or null, "names": ["fc2.weight"]}, ...]}, ...],
 *  "edges": [{"from_layer": "fc2", "to_layer": "fc1", "kind": "error" or "weight",
 *             "parameters": ["fc2.weight"],                   the weights read (empty for an error)
 *             "statement": "propagate(feedback: transpose)",
 *             "file": "...", "line": 28, "column": 14}, ...]}   where the statement is
 * </pre>
 * K is one of images, input (the output of "layer"), forward, parameters, fixed, labels, update
 * (its own update values), error and weight (of "layer").
 */
final class LocalityCommand {
    private LocalityCommand() {
    }

    /**
     * Prints the explanation to {@code out} (if not null; as JSON when {@code json}) and reports
     * each edge as an error (if {@code errors} is not null).
     */
    static void run(final Compilation.Result compiled, final PrintStream out, final boolean json,
                    final Diagnostics errors) {
        for (Compilation.Unit unit : compiled.units()) {
            TrainingPlan plan = unit.plan();
            LocalityReport report = LocalityCheck.analyze(unit.graph());
            String rule = plan.rule().rule().name().text();
            if (out != null) {
                out.println(json ? json(plan, rule, report) : text(plan, rule, report));
            }
            if (errors != null) {
                for (Edge e : report.edges()) {
                    var d = errors.error(Code.LOCALITY, e.op().origin(), "rule " + rule + " is not local: the update of "
                            + "layer `" + e.reader().layer() + "` reads " + what(e) + " (--require-local)");
                    errors.replace(d, d.withNote(plan.rule().span(), "the rule is applied to network "
                            + plan.network().name() + " here"));
                }
            }
        }
    }

    private static String what(final Edge e) {
        return switch (e.kind()) {
            case ERROR -> "the error of layer `" + e.source() + "`";
            case WEIGHT -> "the weights " + e.values().stream().map(v -> "`" + v.name() + "`")
                    .collect(Collectors.joining(", ")) + " of layer `" + e.source() + "`";
        };
    }

    private static String text(final TrainingPlan plan, final String rule, final LocalityReport report) {
        StringBuilder out = new StringBuilder("network " + plan.network().name() + " under rule " + rule + ": ");
        if (report.isLocal()) {
            out.append("local (no update block reads a later layer)");
        } else {
            long weights = report.edges().stream().filter(e -> e.kind() == Edge.Kind.WEIGHT).count();
            int n = report.edges().size();
            out.append(CheckCommand.plural(n, "cross-layer backward edge")).append(" (")
                    .append(n - weights).append(" of errors, ").append(weights).append(" of weights)");
        }
        for (LocalityReport.LayerReads l : report.layers()) {
            out.append("\n  ").append(l.layer()).append(": reads ")
                    .append(l.reads().stream().map(r -> r.describe(l.layer())).collect(Collectors.joining(", ")));
        }
        for (Edge e : report.edges()) {
            Span at = e.op().origin();
            out.append("\n  edge ").append(e.source()).append(" -> ").append(e.reader().layer()).append(": ")
                    .append(e.reader().layer()).append(" reads ").append(what(e)).append(", by rule ").append(rule)
                    .append("'s `").append(statement(at)).append("` at ").append(at.file().name()).append(':')
                    .append(at.line());
        }
        return out.toString();
    }

    private static String json(final TrainingPlan plan, final String rule, final LocalityReport report) {
        StringBuilder out = new StringBuilder("{\"network\":").append(quote(plan.network().name()))
                .append(",\"rule\":").append(quote(rule));
        position(out, plan.rule().span());
        out.append(",\"local\":").append(report.isLocal()).append(",\"layers\":[");
        for (int i = 0; i < report.layers().size(); i++) {
            LocalityReport.LayerReads l = report.layers().get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(l.layer())).append(",\"reads\":[");
            for (int j = 0; j < l.reads().size(); j++) {
                Read r = l.reads().get(j);
                out.append(j == 0 ? "" : ",").append("{\"kind\":").append(quote(lower(r.kind())))
                        .append(",\"layer\":").append(r.layer() == null ? "null" : quote(r.layer()))
                        .append(",\"names\":").append(strings(r.names())).append('}');
            }
            out.append("]}");
        }
        out.append("],\"edges\":[");
        for (int i = 0; i < report.edges().size(); i++) {
            Edge e = report.edges().get(i);
            List<String> parameters = e.kind() == Edge.Kind.WEIGHT
                    ? e.values().stream().map(v -> v.name()).toList() : List.of();
            out.append(i == 0 ? "" : ",").append("{\"from_layer\":").append(quote(e.source()))
                    .append(",\"to_layer\":").append(quote(e.reader().layer()))
                    .append(",\"kind\":").append(quote(lower(e.kind())))
                    .append(",\"parameters\":").append(strings(parameters))
                    .append(",\"statement\":").append(quote(statement(e.op().origin())));
            position(out, e.op().origin());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    /** The source text of a statement, on one line. */
    private static String statement(final Span at) {
        return at.file().text().substring(at.start(), at.end()).replaceAll("\\s+", " ").strip();
    }

    private static void position(final StringBuilder out, final Span at) {
        out.append(",\"file\":").append(quote(at.file().name())).append(",\"line\":").append(at.line())
                .append(",\"column\":").append(at.column());
    }

    private static String strings(final List<String> items) {
        return items.stream().map(LocalityCommand::quote).collect(Collectors.joining(",", "[", "]"));
    }

    private static String lower(final Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String quote(final String s) {
        return JsonRenderer.quote(s);
    }
}
