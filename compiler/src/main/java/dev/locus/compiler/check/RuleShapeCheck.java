package dev.locus.compiler.check;

import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Types one rule section for one layer: the shapes of `layer.in` and `layer.out` are the layer's,
 * `classes` the network's, and the parameters have the train block's values. Each error is
 * reported once (in the caller's {@link Diagnostics}); evaluation of a statement stops there.
 */
final class RuleShapeCheck {
    private final Diagnostics diagnostics;
    private final Map<String, RuleType> scope = new HashMap<>();

    RuleShapeCheck(final Diagnostics diagnostics, final CheckedLayer layer, final int classes,
                   final Map<String, Value> args) {
        this.diagnostics = diagnostics;
        scope.put("classes", new RuleType.Num(classes, true));
        scope.put("label", new RuleType.Labels());
        scope.put("layer.in", new RuleType.Tensor(true, layer.in()));
        scope.put("layer.out", new RuleType.Tensor(true, layer.out()));
        args.forEach((name, v) -> scope.put(name, typeOf(v)));
    }

    private static RuleType typeOf(final Value v) {
        if (v instanceof Value.Int i) {
            return new RuleType.Num(i.value(), true);
        }
        if (v instanceof Value.Real r) {
            return new RuleType.Num(r.value(), false);
        }
        if (v instanceof Value.Sym s) {
            return new RuleType.Func(s.name());
        }
        return new RuleType.Func(v.describe());
    }

    void check(final RuleSection section) {
        for (RuleStmt stmt : section.body()) {
            if (stmt instanceof RuleStmt.Fixed f) {
                Optional<RuleType> t = eval(f.value());
                if (t.isPresent() && !(t.get() instanceof RuleType.Tensor tt && !tt.batched())) {
                    error(Code.EXPRESSION_TYPE, f.value(), "a fixed tensor must be a tensor drawn once, not "
                            + t.get().describe());
                    return;
                }
                if (t.isEmpty()) {
                    return;
                }
                scope.put(f.name().text(), t.get());
            } else if (stmt instanceof RuleStmt.Learned l) {
                Optional<RuleType> t = eval(l.value());
                if (t.isPresent() && !(t.get() instanceof RuleType.Tensor tt && !tt.batched())) {
                    error(Code.EXPRESSION_TYPE, l.value(), "a learned tensor must be a tensor drawn once, not "
                            + t.get().describe());
                    return;
                }
                if (t.isEmpty()) {
                    return;
                }
                scope.put(l.name().text(), t.get());
            } else if (stmt instanceof RuleStmt.Let l) {
                Optional<RuleType> t = eval(l.value());
                if (t.isEmpty()) {
                    return;
                }
                scope.put(l.name().text(), t.get());
            } else if (stmt instanceof RuleStmt.Minimize m) {
                Optional<RuleType> t = eval(m.value());
                if (t.isPresent() && !(t.get() instanceof RuleType.Tensor tt && tt.isScalar())) {
                    String hint = t.get() instanceof RuleType.Tensor ? "; reduce it with sum(...) or mean(...)" : "";
                    diagnostics.error(Code.MINIMIZE_NOT_SCALAR, m.value().span(), "minimize needs a scalar loss, got "
                            + t.get().describe() + hint);
                }
            }
        }
    }

    // ------------------------------------------------------------ expressions

    private Optional<RuleType> eval(final Expr e) {
        if (e instanceof Expr.Number n) {
            return Optional.of(new RuleType.Num(n.doubleValue(), n.isInteger()));
        }
        if (e instanceof Expr.Ref r) {
            return Optional.ofNullable(scope.get(r.name()));
        }
        if (e instanceof Expr.Field f) {
            return Optional.ofNullable(scope.get("layer." + f.field().text()));
        }
        if (e instanceof Expr.Neg n) {
            return eval(n.operand()).flatMap(t -> numeric(t, n.operand()) ? Optional.of(negate(t)) : Optional.empty());
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        return Optional.empty();
    }

    private static RuleType negate(final RuleType t) {
        return t instanceof RuleType.Num n ? new RuleType.Num(-n.value(), n.integer()) : t;
    }

    private boolean numeric(final RuleType t, final Expr at) {
        if (t instanceof RuleType.Num || t instanceof RuleType.Tensor) {
            return true;
        }
        error(Code.EXPRESSION_TYPE, at, "expected a number or a tensor, got " + t.describe());
        return false;
    }

    private Optional<RuleType> binary(final Expr.Binary b) {
        Optional<RuleType> lo = eval(b.left());
        if (lo.isEmpty()) {
            return lo;
        }
        Optional<RuleType> ro = eval(b.right());
        if (ro.isEmpty() || !numeric(lo.get(), b.left()) || !numeric(ro.get(), b.right())) {
            return Optional.empty();
        }
        RuleType l = lo.get();
        RuleType r = ro.get();
        if (b.op() == Expr.BinaryOp.MATMUL) {
            return matmul(b, l, r, b.right());
        }
        if (l instanceof RuleType.Num x && r instanceof RuleType.Num y) {
            return Optional.of(arith(b, x, y));
        }
        if (l instanceof RuleType.Num) {
            return Optional.of(r);
        }
        if (r instanceof RuleType.Num) {
            return Optional.of(l);
        }
        RuleType.Tensor x = (RuleType.Tensor) l;
        RuleType.Tensor y = (RuleType.Tensor) r;
        if (x.shape().rank() == 0 && !x.batched()) {
            return Optional.of(y);
        }
        if (y.shape().rank() == 0 && !y.batched()) {
            return Optional.of(x);
        }
        if (!x.shape().equals(y.shape())) {
            return error(Code.RULE_SHAPE, b, "`" + b.op().symbol() + "` needs equal shapes (or a scalar), got "
                    + x.describe() + " and " + y.describe());
        }
        return Optional.of(new RuleType.Tensor(x.batched() || y.batched(), x.shape()));
    }

    private RuleType arith(final Expr.Binary b, final RuleType.Num x, final RuleType.Num y) {
        boolean integer = x.integer() && y.integer();
        double v = switch (b.op()) {
            case ADD -> x.value() + y.value();
            case SUB -> x.value() - y.value();
            case MUL -> x.value() * y.value();
            default -> y.value() == 0 ? Double.NaN : integer ? (long) x.value() / (long) y.value() : x.value() / y.value();
        };
        return new RuleType.Num(v, integer);
    }

    /** `x @ m`: x of [k] or [r, k] (per sample or not), m a fixed matrix [k, n]. */
    private Optional<RuleType> matmul(final Expr at, final RuleType l, final RuleType r, final Expr right) {
        if (!(l instanceof RuleType.Tensor x) || !(r instanceof RuleType.Tensor m)) {
            return error(Code.RULE_SHAPE, at, "`@` multiplies two tensors, got " + l.describe() + " and " + r.describe());
        }
        if (m.batched() || m.shape().rank() != 2) {
            return error(Code.RULE_SHAPE, right, "the right side of `@` must be a matrix [k, n] (a fixed tensor), got "
                    + m.describe());
        }
        if (x.shape().rank() < 1 || x.shape().rank() > 2) {
            return error(Code.RULE_SHAPE, at, "the left side of `@` must be [k] or [r, k], got " + x.describe()
                    + (x.shape().rank() > 2 ? "; flatten it first" : ""));
        }
        int k = x.shape().dim(x.shape().rank() - 1);
        if (k != m.shape().dim(0)) {
            return error(Code.RULE_SHAPE, at, "`@` needs the inner sizes to agree: " + x.describe() + " @ "
                    + m.describe() + " (" + k + " vs " + m.shape().dim(0) + ")");
        }
        return product(at, x, m);
    }

    /** The type of {@code x @ m}, shapes already checked: [.., k] @ [k, n] is [.., n], if that fits a tensor. */
    Optional<RuleType> product(final Expr at, final RuleType.Tensor x, final RuleType.Tensor m) {
        int[] dims = x.shape().dims();
        dims[dims.length - 1] = m.shape().dim(1);
        long[] sizes = Arrays.stream(dims).asLongStream().toArray();
        BigInteger elements = TensorLimit.product(sizes);
        if (!TensorLimit.fits(elements)) {
            return error(Code.PARAMETER_COUNT, at, "`@` would give " + TensorLimit.dims(sizes) + ": "
                    + TensorLimit.tooMany(elements, "elements" + (x.batched() ? " per sample" : "")));
        }
        return Optional.of(new RuleType.Tensor(x.batched(), Shape.of(dims)));
    }

    private Optional<RuleType> call(final Expr.Call c) {
        String name = c.callee().text();
        RuleType bound = scope.get(name);
        if (bound instanceof RuleType.Func f) {
            name = f.name();
        } else if (bound != null) {
            return error(Code.EXPRESSION_TYPE, c.callee(), "`" + name + "` is " + bound.describe() + ", not a function");
        }
        if (!RuleFunctions.exists(name)) {
            return error(Code.UNKNOWN_FUNCTION, c.callee(), "`" + c.callee().text() + "` is `" + name
                    + "`, which is not a function");
        }
        if (c.args().size() != RuleFunctions.arity(name)) {
            return error(Code.WRONG_ARITY, c, name + " takes " + RuleFunctions.arity(name) + " arguments, got "
                    + c.args().size());
        }
        RuleType[] a = new RuleType[c.args().size()];
        for (int i = 0; i < a.length; i++) {
            Optional<RuleType> t = eval(c.args().get(i).value());
            if (t.isEmpty()) {
                return t;
            }
            a[i] = t.get();
        }
        return new RuleCalls(this, c, name, a).type();
    }

    // ------------------------------------------------------------ reporting

    Optional<RuleType> error(final Code code, final dev.locus.compiler.ast.Node at, final String message) {
        diagnostics.error(code, at.span(), message);
        return Optional.empty();
    }

    RuleType lookup(final String name) {
        return scope.get(name);
    }
}
