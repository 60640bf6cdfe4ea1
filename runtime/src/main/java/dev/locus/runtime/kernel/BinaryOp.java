package dev.locus.runtime.kernel;

/**
 * The arithmetic of rule expressions on two operands ({@link Elementwise#binary}). Each is one
 * IEEE float operation, so every path of the kernels (Vector API or plain) gives the same bits,
 * and they equal the double result of the same operands rounded once to float.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV;

    /** {@code a op b} for one pair. */
    public float apply(final float a, final float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }
}
