package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.JsonRenderer;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.pass.PassManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** `locus check FILE...`: parse and check; every error of every file, then exit 1 if there were any. */
final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "parse and check programs; report every error with its file, line and column";
    }

    @Override
    public String arguments() {
        return "FILE... [--json] [--explain-locality] [--require-local]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.flag("json", "print one JSON object a line on standard output: one per diagnostic "
                        + "(and, with --explain-locality, one per train block)"))
                .addOption(Main.flag("explain-locality", "print, for each train block, what each layer's update "
                        + "block reads, and each cross-layer backward edge (the error or the weights of a later "
                        + "layer) with the rule statement that caused it; with --json, one object per train block: "
                        + "{network, rule, file, line, column, local, layers: [{name, reads: [{kind, layer, "
                        + "names}]}], edges: [{from_layer, to_layer, kind: \"error\"|\"weight\", parameters, "
                        + "statement, file, line, column}]}"))
                .addOption(Main.flag("require-local", "make every cross-layer backward edge an error (one per "
                        + "reading layer, layer read and kind, at the rule statement that caused it)"));
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        List<String> files = line.getArgList();
        if (files.isEmpty()) {
            throw new UsageException("no file to check");
        }
        boolean json = line.hasOption("json");
        int errors = 0;
        int warnings = 0;
        for (String file : files) {
            Diagnostics diagnostics = new Diagnostics();
            Optional<CheckedProgram> checked = FrontEnd.check(Path.of(file), diagnostics);
            if (checked.isPresent() && (line.hasOption("explain-locality") || line.hasOption("require-local"))) {
                LocalityCommand.run(Compilation.compile(checked.get(), PassManager.standard()), line.hasOption("explain-locality") ? out : null, json,
                        line.hasOption("require-local") ? diagnostics : null);
                if (diagnostics.hasErrors()) {
                    checked = Optional.empty();
                }
            }
            for (Diagnostic d : diagnostics.sorted()) {
                if (json) {
                    out.println(JsonRenderer.render(d));
                } else {
                    err.print(TextRenderer.render(d));
                }
            }
            errors += diagnostics.errorCount();
            warnings += diagnostics.all().size() - diagnostics.errorCount();
            if (!json && checked.isPresent()) {
                out.println(file + ": ok (" + plural(checked.get().networks().size(), "network") + ", "
                        + plural(checked.get().plans().size(), "train block") + ")");
            }
        }
        if (!json && (errors > 0 || warnings > 0)) {
            err.println(plural(errors, "error") + (warnings > 0 ? ", " + plural(warnings, "warning") : ""));
        }
        return errors > 0 ? Main.USER_ERROR : Main.OK;
    }

    static String plural(final int n, final String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
