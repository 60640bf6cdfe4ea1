package dev.locus.compiler.fmt;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.OpCall;
import dev.locus.compiler.ast.Param;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints expressions, argument lists and pipelines on one line. The AST keeps no parentheses, so
 * they are put back exactly where the grammar's precedence needs them and nowhere else.
 */
final class ExprPrinter {
    /** Unary minus binds tighter than every binary operator; field access and atoms tighter still. */
    private static final int NEG = 4;
    private static final int ATOM = 5;

    private ExprPrinter() {
    }

    static String expr(final Expr e) {
        StringBuilder out = new StringBuilder();
        expr(out, e, 0);
        return out.toString();
    }

    /** {@code relu} rather than {@code relu()}: the two parse to the same op. */
    static String opCall(final OpCall op) {
        return op.args().isEmpty() ? op.name().text() : op.name().text() + "(" + args(op.args()) + ")";
    }

    static String pipeline(final List<OpCall> ops) {
        return ops.stream().map(ExprPrinter::opCall).collect(Collectors.joining(" -> "));
    }

    static String args(final List<Arg> args) {
        return args.stream()
                .map(a -> (a.named() ? a.name().text() + ": " : "") + expr(a.value()))
                .collect(Collectors.joining(", "));
    }

    /** {@code (a, b = 1)}, or nothing when there are no parameters. */
    static String params(final List<Param> params) {
        if (params.isEmpty()) {
            return "";
        }
        return params.stream()
                .map(p -> p.name().text() + (p.defaultValue() == null ? "" : " = " + expr(p.defaultValue())))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** A string literal whose value is {@code value}: the escapes the lexer needs, nothing more. */
    static String string(final String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void expr(final StringBuilder out, final Expr e, final int context) {
        boolean parenthesize = precedence(e) < context;
        if (parenthesize) {
            out.append('(');
        }
        if (e instanceof Expr.Number n) {
            out.append(n.text());
        } else if (e instanceof Expr.Str s) {
            out.append(string(s.value()));
        } else if (e instanceof Expr.Ref r) {
            out.append(r.name());
        } else if (e instanceof Expr.Field f) {
            expr(out, f.target(), ATOM);
            out.append('.').append(f.field().text());
        } else if (e instanceof Expr.Neg n) {
            out.append('-');
            expr(out, n.operand(), NEG);
        } else if (e instanceof Expr.Binary b) {
            // Left-associative: an equal operator on the left needs no parentheses, on the right it does.
            expr(out, b.left(), b.op().precedence());
            out.append(' ').append(b.op().symbol()).append(' ');
            expr(out, b.right(), b.op().precedence() + 1);
        } else {
            Expr.Call c = (Expr.Call) e;
            out.append(c.callee().text()).append('(').append(args(c.args())).append(')');
        }
        if (parenthesize) {
            out.append(')');
        }
    }

    private static int precedence(final Expr e) {
        if (e instanceof Expr.Binary b) {
            return b.op().precedence();
        }
        return e instanceof Expr.Neg ? NEG : ATOM;
    }
}
