package dev.locus.compiler.check;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.Param;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What can be checked in a rule before it meets a layer: its sections, the names each section
 * sees (LANGUAGE.md §6: `layer.in`, `layer.out`, `label`, `classes`, the parameters, and the
 * `fixed`/`learned`/`let` names declared above), that a `minimize` reads every `learned` tensor,
 * the functions it calls, where `propagate` and random draws may stand, and what holds whatever
 * the layer: that `minimize` is a scalar that reads `layer.out`, that the labels go only to a loss
 * or onehot ({@link RuleKinds}). Shapes are checked later, per layer ({@link RuleShapeCheck}).
 */
final class RuleStructureCheck {
    static final Set<String> BUILTIN_NAMES = Set.of("label", "classes", "layer");

    private final Diagnostics diagnostics;

    RuleStructureCheck(final Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** True when the rule has no structural error (so its shapes can be checked without noise). */
    boolean check(final Decl.Rule rule) {
        int before = diagnostics.errorCount();
        Set<String> params = params(rule);
        Map<RuleSection.Kind, RuleSection> seen = new HashMap<>();
        for (RuleSection section : rule.sections()) {
            RuleSection first = seen.putIfAbsent(section.kind(), section);
            if (first != null) {
                Diagnostic d = diagnostics.error(Code.DUPLICATE_SECTION, section.span(), "rule " + rule.name().text()
                        + " has a second `" + section.kind().keyword() + "` section");
                diagnostics.replace(d, d.withNote(first.span(), "the first is here"));
                continue;
            }
            section(rule, section, params);
        }
        if (rule.sections().isEmpty()) {
            diagnostics.error(Code.MISSING_SECTION, rule.name().span(), "rule " + rule.name().text()
                    + " has no sections: it needs `hidden { ... }` for hidden layers and `output { ... }` for the output");
        }
        return diagnostics.errorCount() == before;
    }

    private Set<String> params(final Decl.Rule rule) {
        Set<String> names = new LinkedHashSet<>();
        ConstEvaluator evaluator = new ConstEvaluator(diagnostics);
        Env env = Env.empty();
        for (Param p : rule.params()) {
            String name = p.name().text();
            if (BUILTIN_NAMES.contains(name) || !names.add(name)) {
                diagnostics.error(Code.DUPLICATE_NAME, p.name().span(), BUILTIN_NAMES.contains(name)
                        ? "parameter `" + name + "` of rule " + rule.name().text() + " hides the built-in name `" + name + "`"
                        : "parameter `" + name + "` of rule " + rule.name().text() + " is declared twice");
                continue;
            }
            if (p.defaultValue() != null) {
                Optional<Value> v = evaluator.eval(p.defaultValue(), env);
                if (v.isPresent() && v.get() instanceof Value.Sym s && !RuleFunctions.exists(s.name())) {
                    diagnostics.error(Code.UNDEFINED_NAME, p.defaultValue().span(), "undefined name `" + s.name()
                            + "` as the default of `" + name + "`" + Names.suggestion(s.name(), RuleFunctions.names()));
                }
                if (v.isPresent()) {
                    env = env.with(name, v.get());
                }
            }
        }
        return names;
    }

    private void section(final Decl.Rule rule, final RuleSection section, final Set<String> params) {
        Set<String> scope = new HashSet<>(params);
        scope.addAll(BUILTIN_NAMES);
        boolean learns = false;
        RuleStmt.Propagate propagate = null;
        RuleKinds kinds = new RuleKinds(diagnostics, rule.name().text(), params);
        boolean minimizes = false;
        List<RuleStmt.Learned> learned = new ArrayList<>();
        Map<String, Set<String>> reaches = new HashMap<>();
        Set<String> trained = new HashSet<>();
        for (RuleStmt stmt : section.body()) {
            int before = diagnostics.errorCount();
            if (stmt instanceof RuleStmt.Fixed f) {
                expr(f.value(), scope, params, true);
                boolean ok = diagnostics.errorCount() == before && !scope.contains(f.name().text());
                kinds.fixed(f.name(), ok ? f.value() : null);
                declare(rule, f.name(), scope);
            } else if (stmt instanceof RuleStmt.Learned l) {
                // Drawn like a fixed tensor: the same functions, random draws included.
                expr(l.value(), scope, params, true);
                boolean ok = diagnostics.errorCount() == before && !scope.contains(l.name().text());
                kinds.fixed(l.name(), ok ? l.value() : null);
                if (!scope.contains(l.name().text())) {
                    learned.add(l);
                    reaches.put(l.name().text(), Set.of(l.name().text()));
                }
                declare(rule, l.name(), scope);
            } else if (stmt instanceof RuleStmt.Let l) {
                expr(l.value(), scope, params, false);
                boolean ok = diagnostics.errorCount() == before && !scope.contains(l.name().text());
                kinds.let(l.name(), ok ? l.value() : null);
                if (!scope.contains(l.name().text())) {
                    reaches.put(l.name().text(), learnedRead(l.value(), reaches));
                }
                declare(rule, l.name(), scope);
            } else if (stmt instanceof RuleStmt.Minimize m) {
                expr(m.value(), scope, params, false);
                if (diagnostics.errorCount() == before) {
                    kinds.minimize(m);
                }
                learns = true;
                minimizes = true;
                trained.addAll(learnedRead(m.value(), reaches));
            } else if (stmt instanceof RuleStmt.Propagate p) {
                learns = true;
                if (section.kind() == RuleSection.Kind.OUTPUT) {
                    diagnostics.error(Code.PROPAGATE_IN_OUTPUT, p.span(), "`propagate` takes the error of the layer "
                            + "above, and the output layer has none: it may appear only in `hidden`");
                } else if (propagate != null) {
                    Diagnostic d = diagnostics.error(Code.DUPLICATE_SECTION, p.span(), "a second `propagate` in rule "
                            + rule.name().text() + "; a layer takes the error from above once");
                    diagnostics.replace(d, d.withNote(propagate.span(), "the first is here"));
                } else {
                    propagate = p;
                    feedback(p, scope, params);
                }
            }
        }
        if (!learns) {
            diagnostics.error(Code.NO_LEARNING, section.span(), "the `" + section.kind().keyword() + "` section of rule "
                    + rule.name().text() + " neither minimizes nor propagates: its layers would never learn");
        }
        for (RuleStmt.Learned l : learned) {
            if (learns && !minimizes) {
                diagnostics.error(Code.LEARNED_WITHOUT_MINIMIZE, l.span(), "learned tensor `" + l.name().text()
                        + "` of rule " + rule.name().text() + " would never be trained: only `minimize` trains it, and "
                        + "this section only propagates; add a `minimize` that reads it, or make it `fixed`");
            } else if (minimizes && !trained.contains(l.name().text())) {
                diagnostics.warning(Code.LEARNED_NOT_MINIMIZED, l.name().span(), "no `minimize` of rule "
                        + rule.name().text() + " reads learned tensor `" + l.name().text() + "` (directly or through "
                        + "a `let`), so it is never trained; use it in a `minimize`, or make it `fixed`");
            }
        }
    }

    /**
     * The learned names {@code e} reads, directly or through the `let` names in {@code reaches}
     * (each mapped to the learned names it reads): what a `minimize` of it trains.
     */
    private static Set<String> learnedRead(final Expr e, final Map<String, Set<String>> reaches) {
        Set<String> out = new HashSet<>();
        if (e instanceof Expr.Ref r) {
            out.addAll(reaches.getOrDefault(r.name(), Set.of()));
        } else if (e instanceof Expr.Neg n) {
            out.addAll(learnedRead(n.operand(), reaches));
        } else if (e instanceof Expr.Binary b) {
            out.addAll(learnedRead(b.left(), reaches));
            out.addAll(learnedRead(b.right(), reaches));
        } else if (e instanceof Expr.Call c) {
            for (Arg a : c.args()) {
                out.addAll(learnedRead(a.value(), reaches));
            }
        }
        return out;
    }

    private void declare(final Decl.Rule rule, final dev.locus.compiler.ast.Name name, final Set<String> scope) {
        if (!scope.add(name.text())) {
            diagnostics.error(Code.DUPLICATE_NAME, name.span(), "`" + name.text() + "` is already defined in rule "
                    + rule.name().text());
        }
    }

    /** `propagate(feedback: transpose)` or `propagate(feedback: random(scale))`. */
    private void feedback(final RuleStmt.Propagate p, final Set<String> scope, final Set<String> params) {
        String usage = "; write propagate(feedback: transpose) or propagate(feedback: random(scale))";
        if (p.args().size() != 1 || (p.args().get(0).named() && !p.args().get(0).name().text().equals("feedback"))) {
            diagnostics.error(Code.BAD_FEEDBACK, p.span(), "propagate takes one argument, `feedback`" + usage);
            return;
        }
        Expr value = p.args().get(0).value();
        if (value instanceof Expr.Ref r && r.name().equals("transpose")) {
            return;
        }
        if (value instanceof Expr.Call c && c.callee().text().equals("random") && c.args().size() == 1
                && !c.args().get(0).named()) {
            expr(c.args().get(0).value(), scope, params, false);
            return;
        }
        diagnostics.error(Code.BAD_FEEDBACK, value.span(), "unknown feedback" + usage);
    }

    private void expr(final Expr e, final Set<String> scope, final Set<String> params, final boolean inFixed) {
        if (e instanceof Expr.Ref r) {
            if (r.name().equals("layer")) {
                diagnostics.error(Code.UNDEFINED_NAME, r.span(), "`layer` alone is no value: use `layer.in` or `layer.out`");
            } else if (!scope.contains(r.name())) {
                diagnostics.error(Code.UNDEFINED_NAME, r.span(), "undefined name `" + r.name() + "`"
                        + Names.suggestion(r.name(), scope) + " (a rule sees layer.in, layer.out, label, classes, "
                        + "its parameters, and the fixed, learned and let names above)");
            }
        } else if (e instanceof Expr.Field f) {
            if (!(f.target() instanceof Expr.Ref r && r.name().equals("layer"))) {
                diagnostics.error(Code.UNKNOWN_FIELD, f.field().span(), "only `layer` has fields (`layer.in`, `layer.out`)");
            } else if (!f.field().text().equals("in") && !f.field().text().equals("out")) {
                diagnostics.error(Code.UNKNOWN_FIELD, f.field().span(), "`layer` has no field `" + f.field().text()
                        + "`; a rule sees `layer.in` and `layer.out`");
            }
        } else if (e instanceof Expr.Neg n) {
            expr(n.operand(), scope, params, inFixed);
        } else if (e instanceof Expr.Binary b) {
            expr(b.left(), scope, params, inFixed);
            expr(b.right(), scope, params, inFixed);
        } else if (e instanceof Expr.Call c) {
            call(c, scope, params, inFixed);
        } else if (e instanceof Expr.Str s) {
            diagnostics.error(Code.EXPRESSION_TYPE, s.span(), "a string has no meaning in a rule expression");
        }
    }

    private void call(final Expr.Call c, final Set<String> scope, final Set<String> params, final boolean inFixed) {
        String name = c.callee().text();
        boolean builtin = RuleFunctions.exists(name);
        if (!builtin && !params.contains(name)) {
            Set<String> candidates = new HashSet<>(RuleFunctions.names());
            candidates.addAll(params);
            diagnostics.error(Code.UNKNOWN_FUNCTION, c.callee().span(), "unknown function `" + name + "`"
                    + Names.suggestion(name, candidates));
        } else if (builtin && c.args().size() != RuleFunctions.arity(name)) {
            diagnostics.error(Code.WRONG_ARITY, c.span(), name + " takes " + RuleFunctions.arity(name)
                    + " argument" + (RuleFunctions.arity(name) == 1 ? "" : "s") + ", got " + c.args().size());
        } else if (builtin && RuleFunctions.RANDOM.contains(name) && !inFixed) {
            diagnostics.error(Code.RANDOM_OUTSIDE_FIXED, c.callee().span(), name + " draws random numbers: use it "
                    + "in a `fixed` or `learned` statement, which draws once from the seeded generator");
        }
        for (Arg a : c.args()) {
            if (a.named()) {
                diagnostics.error(Code.UNKNOWN_ARGUMENT, a.name().span(), "functions in rules take positional "
                        + "arguments only; remove `" + a.name().text() + ":`");
            }
            expr(a.value(), scope, params, inFixed);
        }
    }
}
