package dev.locus.compiler.check;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.Span;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a call's arguments to a signature: positional ones first, then named ones in any order;
 * reports unknown, repeated and missing arguments, values of the wrong kind and values out of range.
 */
final class ArgBinder {
    static final Set<String> INITIALIZERS = Set.of("he_uniform", "he_normal", "xavier_uniform", "zeros");

    private final Diagnostics diagnostics;
    private final ConstEvaluator evaluator;

    ArgBinder(final Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.evaluator = new ConstEvaluator(diagnostics);
    }

    ConstEvaluator evaluator() {
        return evaluator;
    }

    /** Every parameter's value (defaults filled in), or empty when something was reported. */
    Optional<Map<String, Value>> bind(final Signature sig, final List<Arg> args, final Env env, final Span callSpan) {
        Map<String, Value> bound = new LinkedHashMap<>();
        Map<String, Span> givenAt = new LinkedHashMap<>();
        boolean ok = true;
        boolean sawNamed = false;
        boolean argumentLost = false; // an argument that binds to nothing: a missing one is then no news
        int positional = 0;
        for (Arg arg : args) {
            ParamSpec spec;
            if (arg.named()) {
                sawNamed = true;
                String name = arg.name().text();
                spec = sig.params().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
                if (spec == null) {
                    diagnostics.error(Code.UNKNOWN_ARGUMENT, arg.name().span(), sig.name() + " has no parameter `" + name
                            + "`" + Names.suggestion(name, sig.paramNames()) + parameterList(sig));
                    ok = false;
                    argumentLost = true;
                    continue;
                }
            } else {
                if (sawNamed) {
                    diagnostics.error(Code.POSITIONAL_AFTER_NAMED, arg.span(),
                            "positional argument after a named one in " + sig.name() + ": put positional arguments first");
                    ok = false;
                    argumentLost = true;
                    continue;
                }
                if (positional >= sig.params().size()) {
                    diagnostics.error(Code.WRONG_ARITY, arg.span(), sig.name() + " takes " + countWords(sig.params().size())
                            + ", got more" + parameterList(sig));
                    ok = false;
                    positional++;
                    continue;
                }
                spec = sig.params().get(positional++);
            }
            if (givenAt.containsKey(spec.name())) {
                diagnostics.error(Code.REPEATED_ARGUMENT, arg.named() ? arg.name().span() : arg.span(),
                        "argument `" + spec.name() + "` of " + sig.name() + " is given twice");
                ok = false;
                continue;
            }
            givenAt.put(spec.name(), arg.span());
            Optional<Value> value = evaluator.eval(arg.value(), env)
                    .flatMap(v -> coerce(sig, spec, v, arg.span(), env.names()));
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            bound.put(spec.name(), value.get());
        }
        for (ParamSpec spec : sig.params()) {
            if (givenAt.containsKey(spec.name())) {
                continue;
            }
            if (spec.isRequired() && !argumentLost) {
                diagnostics.error(Code.WRONG_ARITY, callSpan, sig.name() + " needs its argument `" + spec.name() + "`"
                        + parameterList(sig));
                ok = false;
            } else if (spec.isRequired()) {
                ok = false; // an argument reported above as unknown or misplaced was probably meant for it
            } else if (spec.defaultFrom() != null) {
                Value from = bound.get(spec.defaultFrom());
                if (from != null) {
                    bound.put(spec.name(), from);
                }
            } else {
                bound.put(spec.name(), spec.defaultValue());
            }
        }
        return ok ? Optional.of(bound) : Optional.empty();
    }

    /** Checks one value against its parameter, turning symbols into what they mean there. */
    Optional<Value> coerce(final Signature sig, final ParamSpec spec, final Value v, final Span at) {
        return coerce(sig, spec, v, at, Set.of());
    }

    /**
     * The same; {@code visible} are the compile-time names in scope (block parameters, `classes`),
     * offered as "did you mean" when a bare name is no value here.
     */
    Optional<Value> coerce(final Signature sig, final ParamSpec spec, final Value v, final Span at,
                           final Collection<String> visible) {
        String what = spec.name().equals(sig.name()) ? "`" + sig.name() + "`" : sig.name() + "'s `" + spec.name() + "`";
        switch (spec.kind()) {
            case ANY:
                return Optional.of(v);
            case BOOL:
                if (v instanceof Value.Bool) {
                    return Optional.of(v);
                }
                return typeError(what, "`true` or `false`", v, at, union(visible, Set.of("true", "false")));
            case INIT:
                if (v instanceof Value.Init) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Sym s && INITIALIZERS.contains(s.name())) {
                    return Optional.of(new Value.Init(s.name(), Double.NaN));
                }
                return typeError(what, "an initializer (he_uniform, he_normal, xavier_uniform, zeros, uniform(bound), "
                        + "normal(std))", v, at, INITIALIZERS);
            case SYMBOL:
                if (v instanceof Value.Sym s && spec.symbols().contains(s.name())) {
                    return Optional.of(v);
                }
                return typeError(what, "one of " + String.join(", ", new java.util.TreeSet<>(spec.symbols())), v, at,
                        spec.symbols());
            case INT:
                if (!(v instanceof Value.Int)) {
                    return typeError(what, "an integer", v, at, visible);
                }
                return inRange(what, spec, v, at);
            default:
                if (!(v instanceof Value.Int) && !(v instanceof Value.Real)) {
                    return typeError(what, "a number", v, at, visible);
                }
                return inRange(what, spec, v, at);
        }
    }

    private static Collection<String> union(final Collection<String> a, final Collection<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private Optional<Value> inRange(final String what, final ParamSpec spec, final Value v, final Span at) {
        double x = Value.Values.number(v);
        if (!spec.range().contains(x)) {
            String shown = v instanceof Value.Int i ? Long.toString(i.value()) : Value.Values.format(x);
            diagnostics.error(Code.VALUE_RANGE, at, what + " must be " + spec.range().describe() + ", got " + shown);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** {@code candidates}: what a misspelt bare name may have meant. */
    private Optional<Value> typeError(final String what, final String expected, final Value v, final Span at,
                                      final Collection<String> candidates) {
        String suggestion = v instanceof Value.Sym s ? Names.suggestion(s.name(), candidates) : "";
        if (v instanceof Value.Sym s && !expected.contains("one of") && !expected.contains("initializer")) {
            diagnostics.error(Code.UNDEFINED_NAME, at, "undefined name `" + s.name() + "` (" + what + " expects "
                    + expected + ")" + suggestion);
        } else {
            diagnostics.error(Code.ARGUMENT_TYPE, at, what + " expects " + expected + ", got " + v.describe()
                    + suggestion);
        }
        return Optional.empty();
    }

    private static String countWords(final int n) {
        return n == 0 ? "no arguments" : n == 1 ? "1 argument" : n + " arguments";
    }

    private static String parameterList(final Signature sig) {
        if (sig.params().isEmpty()) {
            return " (it takes no arguments)";
        }
        return " (parameters: " + String.join(", ", sig.paramNames()) + ")";
    }
}
