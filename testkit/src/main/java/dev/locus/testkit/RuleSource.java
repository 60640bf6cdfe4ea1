package dev.locus.testkit;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.Severity;
import dev.locus.compiler.source.Span;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A rule under test: the file that declares it (or any file, for a standard rule), the call a
 * train block makes of it, and the programs the kit composes from them: the file's text, a
 * network and a train block under the rule.
 */
final class RuleSource {
    /** What a train block's `data` says in a composed program: the kit draws its own data, so nothing is read. */
    static final String NO_DATA = "idx(images: \"kit\", labels: \"kit\", test_images: \"kit\", test_labels: \"kit\")";
    private static final Pattern CALL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\s*\\(.*\\))?", Pattern.DOTALL);

    final Path file;
    final String text;
    final CheckedProgram program;
    final String call;
    final String name;
    final Decl.Rule declaration;
    final boolean standard;

    private RuleSource(final Path file, final String text, final CheckedProgram program, final String call,
                       final String name, final Decl.Rule declaration, final boolean standard) {
        this.file = file;
        this.text = text;
        this.program = program;
        this.call = call;
        this.name = name;
        this.declaration = declaration;
        this.standard = standard;
    }

    /** The file's program, checked; throws {@link RuleProgramException} with the diagnostics if it does not check. */
    static CheckedProgram check(final Path file, final String text) {
        Diagnostics d = new Diagnostics();
        return FrontEnd.check(file, text, d).filter(p -> !d.hasErrors())
                .orElseThrow(() -> new RuleProgramException(render(d)));
    }

    static RuleSource of(final Path file, final String text, final CheckedProgram program, final String call) {
        String trimmed = call.strip();
        if (!CALL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("`" + call + "` is not a rule call (NAME or NAME(arg: value, ...))");
        }
        String name = trimmed.contains("(") ? trimmed.substring(0, trimmed.indexOf('(')).strip() : trimmed;
        Decl.Rule decl = program.rules().get(name);
        if (decl == null) {
            throw new IllegalArgumentException("no rule `" + name + "` in " + file + "; the rules there are: "
                    + String.join(", ", new TreeSet<>(program.rules().keySet())));
        }
        boolean standard = check(Path.of("standard.locus"), "").rules().containsKey(name);
        RuleSource r = new RuleSource(file, text, program, trimmed, name, decl, standard);
        r.validateCall();
        return r;
    }

    /**
     * The rule's arguments are checked once, on a tiny network, so that a mistake in the call is
     * named without a position in a program the user never wrote. Only errors in the train block
     * count: an error in the rule's own expressions says that the rule does not apply to that
     * network (a rule that pools its layers' outputs needs feature maps), which the cases find out.
     */
    private void validateCall() {
        NetworkSpec tiny = new NetworkSpec(1, 2, 2, 2, List.of(new NetworkSpec.Dense(2, "tanh")));
        String net = freshNetworkName("KitCheck");
        String train = trainBlock(net, "sgd(lr: 0.01)", 2, 1);
        String composed = text + "\n\n" + tiny.toLocus(net) + "\n" + train;
        int trainStart = composed.length() - train.length();
        Diagnostics d = new Diagnostics();
        FrontEnd.check(file, composed, d);
        StringBuilder s = new StringBuilder();
        for (Diagnostic x : d.sorted()) {
            boolean inTrainBlock = x.span() != null && x.span().file().text().length() == composed.length()
                    && x.span().start() >= trainStart;
            if (x.severity() == Severity.ERROR && inTrainBlock) {
                s.append(s.length() == 0 ? "" : "; ").append(x.message());
            }
        }
        if (s.length() > 0) {
            throw new IllegalArgumentException("rule `" + call + "`: " + s);
        }
    }

    /** A network name no declaration of the file uses. */
    String freshNetworkName(final String base) {
        Set<String> taken = new TreeSet<>();
        program.networks().forEach(n -> taken.add(n.name()));
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        return name;
    }

    /** The train blocks of the file that train under this rule: their networks are cases too. */
    List<TrainingPlan> givenPlans() {
        return program.plans().stream().filter(p -> p.rule().rule().name().text().equals(name)).toList();
    }

    /** The declaration of the file's network {@code name}, as written, renamed {@code as}. */
    String networkText(final String name, final String as) {
        var network = program.networks().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no network " + name));
        Span s = network.span();
        String text = s.file().text().substring(s.start(), s.end());
        return text.replaceFirst("network\\s+" + Pattern.quote(name) + "\\b", "network " + as) + "\n";
    }

    /** The rule's declaration as written (empty for a standard rule, which every program sees). */
    String declarationText() {
        if (standard) {
            return "";
        }
        Span s = declaration.span();
        return s.file().text().substring(s.start(), s.end());
    }

    /** The file's text, then {@code network} (may be empty, for a network the file declares), then a train block. */
    String compose(final String network, final String networkName, final String optimizer, final int batch,
                   final long seed) {
        return text + "\n\n" + network + "\n" + trainBlock(networkName, optimizer, batch, seed);
    }

    String trainBlock(final String networkName, final String optimizer, final int batch, final long seed) {
        return "train " + networkName + " {\n"
                + "    data      " + NO_DATA + "\n"
                + "    rule      " + call + "\n"
                + "    optimizer " + optimizer + "\n"
                + "    batch     " + batch + "\n"
                + "    epochs    1\n"
                + "    seed      " + seed + "\n"
                + "}\n";
    }

    /**
     * The last train block of {@code source}, composed by {@link #compose}.
     *
     * @throws NotApplicable if the rule does not check on the network (the call itself was checked)
     */
    TrainingPlan plan(final String source) {
        Diagnostics d = new Diagnostics();
        CheckedProgram p = FrontEnd.check(file, source, d).filter(x -> !d.hasErrors()).orElse(null);
        if (p == null) {
            Diagnostic first = d.sorted().stream().filter(x -> x.severity() == Severity.ERROR).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no error, yet no program"));
            throw new NotApplicable(first.message());
        }
        return p.plans().get(p.plans().size() - 1);
    }

    /** The rule does not check on a network (its expressions do not fit the network's shapes). */
    static final class NotApplicable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotApplicable(final String message) {
            super(message);
        }
    }

    static String render(final Diagnostics d) {
        StringBuilder s = new StringBuilder();
        for (Diagnostic x : d.sorted()) {
            s.append(dev.locus.compiler.diag.TextRenderer.render(x));
        }
        return s.toString().stripTrailing();
    }
}
