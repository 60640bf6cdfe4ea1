package dev.locus.testkit.cli;

import dev.locus.cli.Command;
import dev.locus.cli.Main;
import dev.locus.cli.UsageException;
import dev.locus.runtime.JsonText;
import dev.locus.testkit.Alignment;
import dev.locus.testkit.Counterexample;
import dev.locus.testkit.PropertyResult;
import dev.locus.testkit.Report;
import dev.locus.testkit.RuleCheck;
import dev.locus.testkit.RuleKit;
import dev.locus.testkit.RuleProgramException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus test-rule FILE RULE`: the kit's properties on a rule, one line each; on a failure, the
 * smallest failing program and the command that reproduces it.
 */
public final class TestRuleCommand implements Command {
    @Override
    public String name() {
        return "test-rule";
    }

    @Override
    public String summary() {
        return "check a learning rule's properties (gradients, locality, fixed tensors, descent, determinism, "
                + "backend agreement, learning) on generated networks; print any counterexample";
    }

    @Override
    public String arguments() {
        return "FILE RULE [--tries N] [--seed S] [--require-local] [--compare RULE] [--json]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.valued("tries", "N", "generated networks per property (default "
                        + RuleCheck.DEFAULT_TRIES + "; the costly properties take a share of them); 0 checks only the "
                        + "networks FILE trains under RULE"))
                .addOption(Main.valued("seed", "S", "the seed the networks and data are drawn from (default 1)"))
                .addOption(Main.flag("require-local", "require the rule to be local: a cross-layer backward edge "
                        + "fails the locality properties (without it they are skipped for a rule that propagates)"))
                .addOption(Main.valued("compare", "RULE", "also print, per layer, the angle between RULE's update "
                        + "and this rule's over training (e.g. --compare backprop)"))
                .addOption(Main.flag("json", "print one JSON object a line: one per property {property, status, "
                        + "detail, seed, program, command}, one per layer with --compare {alignment, compare, layer, "
                        + "steps, degrees}"));
    }

    @Override
    public String footer() {
        return "\nRULE is a rule of FILE or a standard one, called as a train block calls it: local_error, "
                + "'local_error(loss: mse)'. Exit status: 0 every property passed (or does not apply), 1 one "
                + "failed or FILE does not check, 2 bad usage.";
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        List<String> args = line.getArgList();
        if (args.size() != 2) {
            throw new UsageException(args.size() < 2 ? "expected a FILE and a RULE" : "expected a FILE and a RULE, "
                    + "got " + args.size() + " arguments (quote a rule call with arguments)");
        }
        Path file = Path.of(args.get(0));
        int tries = number(line, "tries", RuleCheck.DEFAULT_TRIES);
        long seed = number(line, "seed", 1);
        boolean json = line.hasOption("json");
        if (!Files.isRegularFile(file)) {
            err.println("locus test-rule: " + file + ": no such file");
            return Main.USER_ERROR;
        }
        RuleKit kit;
        try {
            kit = RuleKit.forFile(file);
        } catch (RuleProgramException e) {
            err.println(e.getMessage());
            return Main.USER_ERROR;
        } catch (UncheckedIOException e) {
            err.println("locus test-rule: " + e.getMessage());
            return Main.USER_ERROR;
        }
        RuleCheck check;
        try {
            check = kit.rule(args.get(1)).tries(tries).seed(seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (tries == 0 && check.fileNetworks().isEmpty()) {
            throw new UsageException("--tries 0 checks only the networks " + file + " trains under the rule, and it "
                    + "trains none");
        }
        if (line.hasOption("require-local")) {
            check.requireLocal();
        }
        String compare = line.getOptionValue("compare");
        if (compare != null) {
            try {
                kit.rule(compare);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--compare: " + e.getMessage());
            }
        }
        if (!json) {
            out.println("test-rule " + args.get(1).strip() + " from " + file + " (seed " + seed + ", " + tries
                    + " tries)");
        }
        Report report = check.check(r -> out.println(json ? json(r) : r.line()));
        if (compare != null) {
            Alignment a = check.alignmentWith(compare);
            if (json) {
                for (Alignment.Layer l : a.layers()) {
                    out.println("{\"alignment\":" + JsonText.quote(a.rule()) + ",\"compare\":" + JsonText.quote(compare)
                            + ",\"layer\":" + JsonText.quote(l.name()) + ",\"steps\":" + a.steps() + ",\"degrees\":"
                            + l.degrees().stream().map(d -> d.isNaN() ? "null" : String.format(Locale.ROOT, "%.2f", d))
                            .toList() + "}");
                }
            } else {
                out.println();
                out.println("alignment with " + compare.strip() + ": degrees between each layer's weight update under "
                        + a.rule() + " and under " + compare.strip() + ", same parameters and batch, over "
                        + Alignment.STEPS + " steps of training under " + a.rule());
                out.print(a.table());
            }
        }
        if (!json) {
            for (PropertyResult r : report.results()) {
                r.counterexample().ifPresent(c -> counterexample(out, r, c));
            }
        }
        if (report.results().stream().noneMatch(r -> r.passed() || r.failed())) {
            // Every case was left out: the rule did not check on any network tried (say, an argument of the
            // wrong kind). Passing on nothing would be a false pass.
            err.println("locus test-rule: no property could be checked on any network: "
                    + report.results().get(0).detail());
            return Main.USER_ERROR;
        }
        return report.passed() ? Main.OK : Main.USER_ERROR;
    }

    private static void counterexample(final PrintStream out, final PropertyResult r, final Counterexample c) {
        out.println();
        if (c.program().isEmpty()) {
            out.println(r.property().id() + " fails on the network " + c.network() + " of the file");
            out.println("reproduce: " + c.command("counterexample.locus"));
            return;
        }
        out.println(r.property().id() + " fails on this program, the smallest network and data found "
                + "(save it as counterexample.locus):");
        out.println();
        out.print(c.program().endsWith("\n") ? c.program() : c.program() + "\n");
        out.println();
        out.println("reproduce: " + c.command("counterexample.locus"));
    }

    private static String json(final PropertyResult r) {
        StringBuilder s = new StringBuilder("{\"property\":").append(JsonText.quote(r.property().id()))
                .append(",\"status\":").append(JsonText.quote(r.status().name().toLowerCase(Locale.ROOT)))
                .append(",\"detail\":").append(JsonText.quote(r.detail()));
        if (r.failed()) {
            s.append(",\"seed\":").append(r.seed());
        }
        r.counterexample().ifPresent(c -> s.append(",\"program\":").append(JsonText.quote(c.program()))
                .append(",\"command\":").append(JsonText.quote(c.command("counterexample.locus"))));
        return s.append('}').toString();
    }

    private static int number(final CommandLine line, final String option, final int fallback) throws UsageException {
        String v = line.getOptionValue(option);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0) {
                throw new UsageException("--" + option + " must be at least 0, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a whole number, got `" + v + "`");
        }
    }
}
