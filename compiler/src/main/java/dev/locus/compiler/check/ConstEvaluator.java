package dev.locus.compiler.check;

import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import java.util.Optional;

/**
 * Evaluates compile-time expressions: numbers, names of parameters, + - * / and unary minus.
 * Integer operands give integer results (`kernel / 2` truncates). A bare name that is no
 * parameter evaluates to a {@link Value.Sym}; the parameter it is given to decides whether it
 * means something (an initializer, a loss) or is an undefined name.
 */
final class ConstEvaluator {
    private final Diagnostics diagnostics;

    ConstEvaluator(final Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The value, or empty after reporting why there is none. */
    Optional<Value> eval(final Expr e, final Env env) {
        if (e instanceof Expr.Number n) {
            return Optional.of(n.isInteger() ? new Value.Int(Long.parseLong(n.text())) : new Value.Real(n.doubleValue()));
        }
        if (e instanceof Expr.Str s) {
            return Optional.of(new Value.Str(s.value()));
        }
        if (e instanceof Expr.Ref r) {
            return Optional.of(ref(r.name(), env));
        }
        if (e instanceof Expr.Neg n) {
            return eval(n.operand(), env).flatMap(v -> negate(n, v, env));
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, env);
        }
        if (e instanceof Expr.Call c) {
            return call(c, env);
        }
        diagnostics.error(Code.UNDEFINED_NAME, e.span(), "`" + Names.describe(e) + "` is only visible inside a rule section");
        return Optional.empty();
    }

    private static Value ref(final String name, final Env env) {
        Optional<Value> bound = env.lookup(name);
        if (bound.isPresent()) {
            return bound.get();
        }
        return switch (name) {
            case "true" -> new Value.Bool(true);
            case "false" -> new Value.Bool(false);
            default -> new Value.Sym(name);
        };
    }

    /** Calls evaluate only as initializers (`uniform(0.1)`, `normal(0.02)`); other calls are kept as symbols. */
    private Optional<Value> call(final Expr.Call c, final Env env) {
        String callee = c.callee().text();
        if ((callee.equals("uniform") || callee.equals("normal")) && c.args().size() == 1 && !c.args().get(0).named()) {
            Optional<Value> arg = eval(c.args().get(0).value(), env);
            if (arg.isEmpty()) {
                return Optional.empty();
            }
            double v = Value.Values.number(arg.get());
            if (Double.isNaN(v)) {
                diagnostics.error(Code.ARGUMENT_TYPE, c.args().get(0).span(),
                        callee + "(" + (callee.equals("uniform") ? "bound" : "std") + ") expects a number, got "
                                + arg.get().describe());
                return Optional.empty();
            }
            if (!(v > 0)) {
                diagnostics.error(Code.VALUE_RANGE, c.args().get(0).span(),
                        callee + "(" + (callee.equals("uniform") ? "bound" : "std") + ") must be > 0, got "
                                + Value.Values.format(v));
                return Optional.empty();
            }
            return Optional.of(new Value.Init(callee, v));
        }
        diagnostics.error(Code.ARGUMENT_TYPE, c.span(), "`" + callee + "(...)` is not a compile-time value here"
                + (callee.equals("uniform") || callee.equals("normal") ? ": write " + callee + "(number)" : ""));
        return Optional.empty();
    }

    private Optional<Value> negate(final Expr.Neg n, final Value v, final Env env) {
        if (v instanceof Value.Int i) {
            return i.value() == Long.MIN_VALUE ? overflow(n) : Optional.of(new Value.Int(-i.value()));
        }
        if (v instanceof Value.Real r) {
            return Optional.of(new Value.Real(-r.value()));
        }
        notANumber(n.operand(), v, env);
        return Optional.empty();
    }

    private Optional<Value> binary(final Expr.Binary b, final Env env) {
        Optional<Value> left = eval(b.left(), env);
        Optional<Value> right = eval(b.right(), env);
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        if (b.op() == Expr.BinaryOp.MATMUL) {
            diagnostics.error(Code.ARGUMENT_TYPE, b.span(), "`@` multiplies tensors; here only numbers are allowed");
            return Optional.empty();
        }
        Value l = left.get();
        Value r = right.get();
        boolean ok = true;
        if (Double.isNaN(Value.Values.number(l))) {
            notANumber(b.left(), l, env);
            ok = false;
        }
        if (Double.isNaN(Value.Values.number(r))) {
            notANumber(b.right(), r, env);
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        if (l instanceof Value.Int li && r instanceof Value.Int ri) {
            long x = li.value();
            long y = ri.value();
            try {
                switch (b.op()) {
                    case ADD:
                        return Optional.of(new Value.Int(Math.addExact(x, y)));
                    case SUB:
                        return Optional.of(new Value.Int(Math.subtractExact(x, y)));
                    case MUL:
                        return Optional.of(new Value.Int(Math.multiplyExact(x, y)));
                    default:
                        if (y == 0) {
                            diagnostics.error(Code.DIVISION_BY_ZERO, b.span(), "integer division by zero");
                            return Optional.empty();
                        }
                        if (x == Long.MIN_VALUE && y == -1) {
                            return overflow(b);
                        }
                        return Optional.of(new Value.Int(x / y));
                }
            } catch (ArithmeticException e) {
                return overflow(b);
            }
        }
        double x = Value.Values.number(l);
        double y = Value.Values.number(r);
        if (b.op() == Expr.BinaryOp.DIV && y == 0) {
            diagnostics.error(Code.DIVISION_BY_ZERO, b.span(), "division by zero");
            return Optional.empty();
        }
        return Optional.of(new Value.Real(switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            default -> x / y;
        }));
    }

    /** Integers are 64 bits at compile time; a result past that is an error, never a wrapped-around value. */
    private Optional<Value> overflow(final Expr e) {
        String text = e.span().file().text().substring(e.span().start(), e.span().end());
        diagnostics.error(Code.NUMBER_TOO_LARGE, e.span(), "`" + text + "` does not fit in 64 bits (integers are at most "
                + Long.MAX_VALUE + ")");
        return Optional.empty();
    }

    private void notANumber(final Expr at, final Value v, final Env env) {
        if (v instanceof Value.Sym s) {
            diagnostics.error(Code.UNDEFINED_NAME, at.span(), "undefined name `" + s.name() + "`"
                    + Names.suggestion(s.name(), env.names()));
        } else {
            diagnostics.error(Code.ARGUMENT_TYPE, at.span(), "expected a number, got " + v.describe());
        }
    }
}
