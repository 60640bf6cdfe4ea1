package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;
import java.util.List;

/** An expression. Parentheses are not kept: the tree says the grouping. */
public sealed interface Expr extends Node {

    /** A number as written: an integer when it has neither a point nor an exponent. */
    record Number(Span span, String text) implements Expr {
        public boolean isInteger() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }

        public double doubleValue() {
            return Double.parseDouble(text);
        }
    }

    /** A string, its escapes already resolved. */
    record Str(Span span, String value) implements Expr {
    }

    record Ref(Span span, String name) implements Expr {
    }

    /** {@code target.field}, as in {@code layer.out}. */
    record Field(Span span, Expr target, Name field) implements Expr {
    }

    record Neg(Span span, Expr operand) implements Expr {
    }

    record Binary(Span span, BinaryOp op, Expr left, Expr right) implements Expr {
    }

    record Call(Span span, Name callee, List<Arg> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    enum BinaryOp {
        MATMUL("@", 3), MUL("*", 2), DIV("/", 2), ADD("+", 1), SUB("-", 1);

        private final String symbol;
        private final int precedence;

        BinaryOp(final String symbol, final int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        /** Higher binds tighter; all are left-associative. */
        public int precedence() {
            return precedence;
        }
    }
}
