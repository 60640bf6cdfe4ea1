package dev.locus.compiler.check;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.Name;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a rule section's values are whatever layer it is applied to: per sample or fixed, a
 * number, the labels, and whether they read `layer.out`. {@link RuleShapeCheck} knows the shapes
 * but runs only when a train block applies the rule, to each layer; what is wrong here is wrong
 * for every layer, so it is reported where the rule is declared, used or not, and once: a rule
 * with such an error is not applied.
 *
 * <p>Only statements without structural errors are given here ({@link RuleStructureCheck}
 * reported those); a value that depends on one is {@link Kind#UNKNOWN}, and nothing is said about it.
 */
final class RuleKinds {
    enum Kind {
        NUMBER("a number"),
        PER_SAMPLE("a tensor per sample"),
        FIXED_SCALAR("a scalar"),
        FIXED_TENSOR("a fixed tensor"),
        LABELS("the labels"),
        /** Depends on the layer or on the train block's arguments (a function parameter), or on an error. */
        UNKNOWN("a value");

        private final String description;

        Kind(final String description) {
            this.description = description;
        }

        boolean tensor() {
            return this == PER_SAMPLE || this == FIXED_SCALAR || this == FIXED_TENSOR;
        }
    }

    /** A value's kind, and whether it changes with the layer's parameters (reads `layer.out`). */
    record Facts(Kind kind, boolean readsOut) {
        static final Facts UNKNOWN = new Facts(Kind.UNKNOWN, false);
    }

    private final Diagnostics diagnostics;
    private final String rule;
    private final Set<String> params;
    private final Map<String, Facts> names = new HashMap<>();
    /** Names whose statement had an error: what uses them is not judged. */
    private final Set<String> broken = new HashSet<>();

    RuleKinds(final Diagnostics diagnostics, final String rule, final Set<String> params) {
        this.diagnostics = diagnostics;
        this.rule = rule;
        this.params = params;
    }

    /**
     * A `fixed` name: drawn once, it does not change with the parameters, whatever it was sized
     * from. {@code value} is null when the statement had an error (or the name was taken).
     */
    void fixed(final Name name, final Expr value) {
        declare(name, value, true);
    }

    /** A `let` name; {@code value} is null when the statement had an error (or the name was taken). */
    void let(final Name name, final Expr value) {
        declare(name, value, false);
    }

    private void declare(final Name name, final Expr value, final boolean fixed) {
        int before = diagnostics.errorCount();
        if (fixed && value != null && !readsBroken(value)) {
            computedOnce(value);
        }
        Facts f = value == null || readsBroken(value) || diagnostics.errorCount() > before ? null : eval(value);
        if (f == null || diagnostics.errorCount() > before) {
            broken.add(name.text()); // what uses it is not judged: its error was said already
            return;
        }
        names.put(name.text(), fixed ? new Facts(f.kind(), false) : f);
    }

    /**
     * A `fixed` or `learned` expression is computed once, before the first step: it may read the
     * size of a per-sample value ({@code features(layer.out)}) but not the value itself, nor the
     * labels. The first such read is reported; true when there is none.
     */
    private boolean computedOnce(final Expr e) {
        String what = null;
        if (e instanceof Expr.Field f) {
            what = "`layer." + f.field().text() + "`";
        } else if (e instanceof Expr.Ref r && r.name().equals("label")) {
            what = "the labels";
        } else if (e instanceof Expr.Ref r && names.containsKey(r.name())
                && (names.get(r.name()).kind() == Kind.PER_SAMPLE || names.get(r.name()).readsOut())) {
            what = "`" + r.name() + "` (" + names.get(r.name()).kind().description + ")";
        }
        if (what != null) {
            diagnostics.error(Code.EXPRESSION_TYPE, e.span(), "a fixed or learned tensor is computed once, before "
                    + "training: it cannot read " + what + ", only numbers, sizes (features(...)) and tensors drawn "
                    + "once");
            return false;
        }
        if (e instanceof Expr.Neg n) {
            return computedOnce(n.operand());
        }
        if (e instanceof Expr.Binary b) {
            return computedOnce(b.left()) && computedOnce(b.right());
        }
        if (e instanceof Expr.Call c && !c.callee().text().equals("features")) {
            for (Arg a : c.args()) {
                if (!computedOnce(a.value())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** `minimize` must be a scalar loss, and one that the layer's parameters change. */
    void minimize(final RuleStmt.Minimize m) {
        if (readsBroken(m.value())) {
            return;
        }
        int before = diagnostics.errorCount();
        Facts f = eval(m.value());
        if (diagnostics.errorCount() > before) {
            return;
        }
        switch (f.kind()) {
            case PER_SAMPLE, FIXED_TENSOR -> diagnostics.error(Code.MINIMIZE_NOT_SCALAR, m.value().span(),
                    "minimize needs a scalar loss, but this is " + f.kind().description + " whatever the layer; "
                            + (f.kind() == Kind.PER_SAMPLE ? "apply a loss such as cross_entropy(..., label), or " : "")
                            + "reduce it with sum(...) or mean(...)");
            case NUMBER, LABELS -> diagnostics.error(Code.MINIMIZE_NOT_SCALAR, m.value().span(),
                    "minimize needs a scalar loss, but this is " + f.kind().description + " whatever the layer");
            case FIXED_SCALAR, UNKNOWN -> {
                if (!f.readsOut()) {
                    diagnostics.warning(Code.MINIMIZE_NO_PARAMETERS, m.span(), "this `minimize` of rule " + rule
                            + " does not read `layer.out` (directly or through a `let`): it does not change with the "
                            + "layer's parameters, so the layers would never learn from it");
                }
            }
        }
    }

    private boolean readsBroken(final Expr e) {
        if (e instanceof Expr.Ref r) {
            return broken.contains(r.name());
        }
        if (e instanceof Expr.Neg n) {
            return readsBroken(n.operand());
        }
        if (e instanceof Expr.Binary b) {
            return readsBroken(b.left()) || readsBroken(b.right());
        }
        if (e instanceof Expr.Call c) {
            return c.args().stream().anyMatch(a -> readsBroken(a.value()));
        }
        return false;
    }

    // ------------------------------------------------------------ evaluation

    /** The facts of {@code e}; an error that holds for every layer is reported, and gives {@link Facts#UNKNOWN}. */
    Facts eval(final Expr e) {
        if (e instanceof Expr.Number) {
            return new Facts(Kind.NUMBER, false);
        }
        if (e instanceof Expr.Ref r) {
            return ref(r.name());
        }
        if (e instanceof Expr.Field f) {
            return new Facts(Kind.PER_SAMPLE, f.field().text().equals("out"));
        }
        if (e instanceof Expr.Neg n) {
            Facts operand = eval(n.operand());
            return operand.kind() == Kind.LABELS ? notANumber(n.operand()) : operand;
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        return Facts.UNKNOWN;
    }

    private Facts ref(final String name) {
        if (names.containsKey(name)) {
            return names.get(name);
        }
        return switch (name) {
            case "classes" -> new Facts(Kind.NUMBER, false);
            case "label" -> new Facts(Kind.LABELS, false);
            default -> Facts.UNKNOWN; // a parameter: a number or a function, as the train block says
        };
    }

    private Facts binary(final Expr.Binary b) {
        Facts l = eval(b.left());
        Facts r = eval(b.right());
        if (l.kind() == Kind.LABELS) {
            return notANumber(b.left());
        }
        if (r.kind() == Kind.LABELS) {
            return notANumber(b.right());
        }
        boolean reads = l.readsOut() || r.readsOut();
        if (b.op() == Expr.BinaryOp.MATMUL) {
            if (l.kind().tensor() && r.kind() == Kind.PER_SAMPLE) {
                diagnostics.error(Code.RULE_SHAPE, b.right().span(), "the right side of `@` must be a matrix [k, n] "
                        + "(a fixed tensor), but this is a tensor per sample whatever the layer");
                return Facts.UNKNOWN;
            }
            return new Facts(l.kind() == Kind.PER_SAMPLE || l.kind() == Kind.FIXED_TENSOR ? l.kind() : Kind.UNKNOWN,
                    reads);
        }
        return new Facts(combine(l.kind(), r.kind()), reads);
    }

    /** `+ - * /`: a number takes the other side's kind, a fixed scalar too, else per sample wins. */
    private static Kind combine(final Kind l, final Kind r) {
        if (l == Kind.UNKNOWN || r == Kind.UNKNOWN) {
            return Kind.UNKNOWN;
        }
        if (l == Kind.PER_SAMPLE || r == Kind.PER_SAMPLE) {
            return Kind.PER_SAMPLE;
        }
        if (l == Kind.FIXED_TENSOR || r == Kind.FIXED_TENSOR) {
            return Kind.FIXED_TENSOR;
        }
        return l == Kind.FIXED_SCALAR || r == Kind.FIXED_SCALAR ? Kind.FIXED_SCALAR : Kind.NUMBER;
    }

    private Facts call(final Expr.Call c) {
        String name = c.callee().text();
        List<Expr> argExprs = c.args().stream().map(Arg::value).toList();
        Facts[] a = new Facts[argExprs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = eval(argExprs.get(i));
        }
        boolean reads = Arrays.stream(a).anyMatch(Facts::readsOut);
        if (params.contains(name) || !RuleFunctions.exists(name)) {
            return new Facts(Kind.UNKNOWN, reads); // a function the train block passes: a loss, or anything
        }
        boolean loss = RuleFunctions.LOSSES.contains(name);
        for (int i = 0; i < a.length; i++) {
            boolean wantsLabels = (loss && i == 1) || (name.equals("onehot") && i == 0);
            if (!wantsLabels && a[i].kind() == Kind.LABELS) {
                diagnostics.error(Code.EXPRESSION_TYPE, argExprs.get(i).span(), name + " cannot take the labels here: "
                        + "they go only to a loss (its second argument) or to onehot (its first)");
                return Facts.UNKNOWN;
            }
            if (wantsLabels && a[i].kind() != Kind.LABELS && a[i].kind() != Kind.UNKNOWN) {
                diagnostics.error(Code.RULE_SHAPE, argExprs.get(i).span(), name + " expects `label` here, got "
                        + a[i].kind().description);
                return Facts.UNKNOWN;
            }
        }
        if (loss) {
            return new Facts(Kind.FIXED_SCALAR, reads);
        }
        Kind first = a.length == 0 ? Kind.UNKNOWN : a[0].kind();
        return switch (name) {
            case "flatten" -> new Facts(first == Kind.PER_SAMPLE ? first
                    : first == Kind.FIXED_SCALAR || first == Kind.FIXED_TENSOR ? Kind.FIXED_TENSOR : Kind.UNKNOWN,
                    a[0].readsOut());
            case "avgpool", "maxpool", "spatial_avgpool" -> new Facts(first == Kind.PER_SAMPLE || first == Kind.FIXED_TENSOR ? first
                    : Kind.UNKNOWN, a[0].readsOut());
            case "features" -> new Facts(Kind.NUMBER, false); // a size: it does not change with the parameters
            case "sqrt", "relu", "sign", "abs" -> a[0];
            case "softmax", "log_softmax" -> new Facts(first == Kind.PER_SAMPLE ? first : Kind.UNKNOWN, reads);
            case "sum", "mean" -> new Facts(first.tensor() ? Kind.FIXED_SCALAR : Kind.UNKNOWN, reads);
            case "onehot" -> new Facts(Kind.PER_SAMPLE, false);
            case "uniform", "normal" -> new Facts(Kind.FIXED_TENSOR, false);
            case "sign_concordant" -> new Facts(first == Kind.FIXED_TENSOR ? first : Kind.UNKNOWN, false);
            case "fa_matmul" -> new Facts(first == Kind.PER_SAMPLE || first == Kind.FIXED_TENSOR ? first : Kind.UNKNOWN,
                    reads);
            default -> Facts.UNKNOWN;
        };
    }

    private Facts notANumber(final Expr at) {
        diagnostics.error(Code.EXPRESSION_TYPE, at.span(), "the labels are no number or tensor: they go only to a loss "
                + "(its second argument) or to onehot (its first)");
        return Facts.UNKNOWN;
    }
}
