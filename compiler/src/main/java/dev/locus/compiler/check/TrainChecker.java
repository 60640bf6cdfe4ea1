package dev.locus.compiler.check;

import static dev.locus.compiler.check.ParamSpec.Kind.INT;
import static dev.locus.compiler.check.ParamSpec.Kind.NUMBER;
import static dev.locus.compiler.check.ParamSpec.optional;
import static dev.locus.compiler.check.ParamSpec.required;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.Param;
import dev.locus.compiler.ast.TrainSetting;
import dev.locus.compiler.check.ParamSpec.Range;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.Span;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks a train block's settings and resolves them into a {@link TrainingPlan}. */
final class TrainChecker {
    /** Shapes of the named sets, for the check that the data fits the network's input. */
    static final Map<String, Shape> NAMED_SETS = Map.of(
            "fashion_mnist", Shape.of(1, 28, 28), "mnist", Shape.of(1, 28, 28), "cifar10", Shape.of(3, 32, 32));
    private static final Range POSITIVE_INT = new Range(1, true, Integer.MAX_VALUE, true);
    private static final Range UNIT_OPEN = Range.UNIT_OPEN;

    private final Diagnostics diagnostics;
    private final ArgBinder binder;
    private final Path baseDirectory;

    TrainChecker(final Diagnostics diagnostics, final Path baseDirectory) {
        this.diagnostics = diagnostics;
        this.binder = new ArgBinder(diagnostics);
        this.baseDirectory = baseDirectory;
    }

    /**
     * @param network the checked network, or null when it has errors (the settings are still checked)
     * @param rules   every visible rule by name
     */
    Optional<TrainingPlan> check(final Decl.Train train, final CheckedNetwork network,
                                 final Map<String, Decl.Rule> rules, final Map<String, Boolean> ruleOk) {
        int before = diagnostics.errorCount();
        Map<String, TrainSetting> settings = new LinkedHashMap<>();
        for (TrainSetting s : train.settings()) {
            TrainSetting first = settings.putIfAbsent(s.key().text(), s);
            if (first != null) {
                Diagnostic d = diagnostics.error(Code.DUPLICATE_SETTING, s.key().span(), "`" + s.key().text()
                        + "` is set twice in the train block of " + train.name().text());
                diagnostics.replace(d, d.withNote(first.span(), "first set here"));
            }
        }
        for (String required : List.of("data", "rule", "optimizer")) {
            if (!settings.containsKey(required)) {
                diagnostics.error(Code.MISSING_SETTING, train.name().span(), "the train block of " + train.name().text()
                        + " has no `" + required + "`; it needs data, rule and optimizer");
            }
        }
        Optional<TrainingPlan.DataSource> data = Optional.ofNullable(settings.get("data"))
                .flatMap(s -> data(s, network));
        Optional<TrainingPlan.RuleBinding> rule = Optional.ofNullable(settings.get("rule"))
                .flatMap(s -> rule(s, rules));
        Optional<TrainingPlan.Optimizer> optimizer = Optional.ofNullable(settings.get("optimizer")).flatMap(this::optimizer);
        int batch = count(settings.get("batch"), 32, POSITIVE_INT);
        int epochs = count(settings.get("epochs"), 1, POSITIVE_INT);
        long seed = count(settings.get("seed"), 0, new Range(0, true, Integer.MAX_VALUE, true));
        TrainingPlan.Schedule schedule = Optional.ofNullable(settings.get("schedule")).flatMap(this::schedule)
                .orElse(new TrainingPlan.Schedule(false, 0));
        if (schedule.layerwise() && settings.containsKey("epochs")) {
            diagnostics.warning(Code.SETTING_IGNORED, settings.get("epochs").span(), "`epochs` has no effect under "
                    + "`layerwise`: each layer trains for the schedule's epochs");
        }
        if (network != null && rule.isPresent() && ruleOk.getOrDefault(rule.get().rule().name().text(), false)) {
            new RuleApplication(diagnostics).apply(rule.get(), network);
        }
        if (diagnostics.errorCount() > before || network == null || data.isEmpty() || rule.isEmpty()
                || optimizer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TrainingPlan(network, rule.get(), optimizer.get(), data.get(), batch, epochs, schedule,
                seed, train.span()));
    }

    private Optional<TrainingPlan.DataSource> data(final TrainSetting s, final CheckedNetwork network) {
        Expr v = s.value();
        // `fashion_mnist` and `fashion_mnist()` are the same set, as ops and rules may drop their parentheses.
        String named = v instanceof Expr.Ref r ? r.name()
                : v instanceof Expr.Call c && c.args().isEmpty() ? c.callee().text() : null;
        if (named != null && NAMED_SETS.containsKey(named)) {
            Shape shape = NAMED_SETS.get(named);
            if (network != null && !shape.equals(network.input())) {
                diagnostics.error(Code.SHAPE_MISMATCH, v.span(), named + " has samples of " + shape
                        + " but network " + network.name() + " takes input " + network.input());
                return Optional.empty();
            }
            return Optional.of(new TrainingPlan.NamedData(named, s.span()));
        }
        if (v instanceof Expr.Call c && c.callee().text().equals("idx")) {
            Signature sig = Signature.of("idx", stringParam("images"), stringParam("labels"),
                    stringParam("test_images"), stringParam("test_labels"));
            return binder.bind(sig, c.args(), Env.empty(), c.span()).flatMap(a -> strings(sig, a, c))
                    .map(p -> new TrainingPlan.IdxData(p.get(0), p.get(1), p.get(2), p.get(3), s.span()));
        }
        String name = v instanceof Expr.Call c ? c.callee().text() : v instanceof Expr.Ref r ? r.name() : "?";
        diagnostics.error(Code.UNKNOWN_DATASET, v.span(), "unknown data set `" + name + "`; use fashion_mnist, mnist, "
                + "cifar10 or idx(images: \"...\", labels: \"...\", test_images: \"...\", test_labels: \"...\")"
                + Names.suggestion(name, NAMED_SETS.keySet()));
        return Optional.empty();
    }

    private static ParamSpec stringParam(final String name) {
        return required(name, ParamSpec.Kind.ANY, Range.ANY);
    }

    private Optional<List<Path>> strings(final Signature sig, final Map<String, Value> a, final Expr.Call c) {
        List<Path> paths = new ArrayList<>();
        boolean ok = true;
        for (ParamSpec p : sig.params()) {
            Value v = a.get(p.name());
            Span at = c.args().stream().filter(x -> x.named() && x.name().text().equals(p.name())).findFirst()
                    .map(Arg::span).orElse(c.span());
            if (v instanceof Value.Str str && !str.value().isEmpty()) {
                try {
                    paths.add(baseDirectory.resolve(str.value()));
                } catch (InvalidPathException e) {
                    // A NUL, or a character the file system's encoding cannot hold.
                    diagnostics.error(Code.ARGUMENT_TYPE, at, "idx's `" + p.name() + "` is not a valid file path: "
                            + e.getReason());
                    ok = false;
                }
            } else {
                diagnostics.error(Code.ARGUMENT_TYPE, at, "idx's `" + p.name() + "` expects a file path in quotes, got "
                        + v.describe());
                ok = false;
            }
        }
        return ok ? Optional.of(paths) : Optional.empty();
    }

    private Optional<TrainingPlan.RuleBinding> rule(final TrainSetting s, final Map<String, Decl.Rule> rules) {
        Expr v = s.value();
        String name = v instanceof Expr.Call c ? c.callee().text() : ((Expr.Ref) v).name();
        List<Arg> args = v instanceof Expr.Call c ? c.args() : List.of();
        Decl.Rule rule = rules.get(name);
        if (rule == null) {
            diagnostics.error(Code.UNKNOWN_RULE, v instanceof Expr.Call c ? c.callee().span() : v.span(), "unknown rule `"
                    + name + "`" + Names.suggestion(name, rules.keySet()) + " (the standard library has local_error, "
                    + "local_error_sc, backprop and feedback_alignment)");
            return Optional.empty();
        }
        List<ParamSpec> specs = new ArrayList<>();
        for (Param p : rule.params()) {
            specs.add(p.defaultValue() == null ? required(p.name().text(), ParamSpec.Kind.ANY, Range.ANY)
                    : optional(p.name().text(), ParamSpec.Kind.ANY, new Value.Sym("<default>"), Range.ANY));
        }
        Signature sig = new Signature("rule " + name, specs);
        Optional<Map<String, Value>> bound = binder.bind(sig, args, Env.empty(), v.span());
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Value> values = new LinkedHashMap<>();
        Env env = Env.empty();
        boolean ok = true;
        for (Param p : rule.params()) {
            Value val = bound.get().get(p.name().text());
            if (val instanceof Value.Sym sym && sym.name().equals("<default>")) {
                val = binder.evaluator().eval(p.defaultValue(), env).orElse(null);
                if (val == null) {
                    return Optional.empty();
                }
            } else if (val instanceof Value.Sym sym && !RuleFunctions.exists(sym.name())) {
                Span at = args.stream().filter(a -> a.named() && a.name().text().equals(p.name().text())).findFirst()
                        .map(Arg::span).orElse(v.span());
                diagnostics.error(Code.UNDEFINED_NAME, at, "undefined name `" + sym.name() + "` for `" + p.name().text()
                        + "`" + Names.suggestion(sym.name(), RuleFunctions.names()));
                ok = false;
            } else if (!(val instanceof Value.Int || val instanceof Value.Real || val instanceof Value.Sym)) {
                diagnostics.error(Code.ARGUMENT_TYPE, v.span(), "rule argument `" + p.name().text()
                        + "` must be a number or a function, got " + val.describe());
                ok = false;
            }
            values.put(p.name().text(), val);
            env = env.with(p.name().text(), val);
        }
        return ok ? Optional.of(new TrainingPlan.RuleBinding(rule, values, s.span())) : Optional.empty();
    }

    private Optional<TrainingPlan.Optimizer> optimizer(final TrainSetting s) {
        Expr v = s.value();
        String name = v instanceof Expr.Call c ? c.callee().text() : ((Expr.Ref) v).name();
        List<Arg> args = v instanceof Expr.Call c ? c.args() : List.of();
        Range nonNegative = Range.NON_NEGATIVE;
        if (name.equals("sgd")) {
            Signature sig = Signature.of("sgd", required("lr", NUMBER, Range.POSITIVE),
                    optional("momentum", NUMBER, new Value.Real(0), UNIT_OPEN),
                    optional("weight_decay", NUMBER, new Value.Real(0), nonNegative));
            return binder.bind(sig, args, Env.empty(), v.span()).map(a -> new TrainingPlan.Sgd(num(a, "lr"),
                    num(a, "momentum"), num(a, "weight_decay")));
        }
        if (name.equals("adam")) {
            Signature sig = Signature.of("adam", optional("lr", NUMBER, new Value.Real(0.001), Range.POSITIVE),
                    optional("beta1", NUMBER, new Value.Real(0.9), UNIT_OPEN),
                    optional("beta2", NUMBER, new Value.Real(0.999), UNIT_OPEN),
                    optional("eps", NUMBER, new Value.Real(1e-8), Range.POSITIVE));
            return binder.bind(sig, args, Env.empty(), v.span()).map(a -> new TrainingPlan.Adam(num(a, "lr"),
                    num(a, "beta1"), num(a, "beta2"), num(a, "eps")));
        }
        diagnostics.error(Code.UNKNOWN_OPTIMIZER, v instanceof Expr.Call c ? c.callee().span() : v.span(),
                "unknown optimizer `" + name + "`; use sgd(lr, momentum: 0, weight_decay: 0) or adam(lr, beta1: 0.9, "
                        + "beta2: 0.999, eps: 1e-8)" + Names.suggestion(name, List.of("sgd", "adam")));
        return Optional.empty();
    }

    private Optional<TrainingPlan.Schedule> schedule(final TrainSetting s) {
        Expr v = s.value();
        if (v instanceof Expr.Ref r && r.name().equals("simultaneous")) {
            return Optional.of(new TrainingPlan.Schedule(false, 0));
        }
        if (v instanceof Expr.Call c && c.callee().text().equals("simultaneous")) {
            return binder.bind(Signature.of("simultaneous"), c.args(), Env.empty(), c.span())
                    .map(a -> new TrainingPlan.Schedule(false, 0));
        }
        if (v instanceof Expr.Call c && c.callee().text().equals("layerwise")) {
            Signature sig = Signature.of("layerwise", required("epochs", INT, POSITIVE_INT));
            return binder.bind(sig, c.args(), Env.empty(), c.span())
                    .map(a -> new TrainingPlan.Schedule(true, (int) ((Value.Int) a.get("epochs")).value()));
        }
        String name = v instanceof Expr.Call c ? c.callee().text() : v instanceof Expr.Ref r ? r.name() : "?";
        diagnostics.error(Code.UNKNOWN_SCHEDULE, v.span(), "unknown schedule `" + name
                + "`; use simultaneous or layerwise(epochs: N)" + Names.suggestion(name, List.of("simultaneous",
                "layerwise")));
        return Optional.empty();
    }

    private int count(final TrainSetting s, final int fallback, final Range range) {
        if (s == null) {
            return fallback;
        }
        Signature sig = Signature.of(s.key().text(), required(s.key().text(), INT, range));
        return binder.evaluator().eval(s.value(), Env.empty())
                .flatMap(v -> binder.coerce(sig, sig.params().get(0), v, s.value().span()))
                .map(v -> (int) ((Value.Int) v).value()).orElse(fallback);
    }

    private static double num(final Map<String, Value> a, final String key) {
        return Value.Values.number(a.get(key));
    }
}
