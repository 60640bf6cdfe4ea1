package dev.locus.compiler.lower;

import dev.locus.compiler.ir.IrValue;

/** A lowered rule expression: a compile-time number, a function name (a rule argument), or an IR value. */
record Operand(double number, String function, IrValue value) {
    static Operand of(final double n) {
        return new Operand(n, null, null);
    }

    static Operand of(final IrValue v) {
        return new Operand(Double.NaN, null, v);
    }

    static Operand function(final String name) {
        return new Operand(Double.NaN, name, null);
    }

    boolean isNumber() {
        return value == null && function == null;
    }
}
