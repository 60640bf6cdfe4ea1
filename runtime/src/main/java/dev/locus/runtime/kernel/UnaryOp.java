package dev.locus.runtime.kernel;

/**
 * The functions of one operand that rule expressions apply element-wise ({@link Elementwise#unary}),
 * with the interpreter's definitions: {@code RELU} is {@code x > 0 ? x : 0} (a NaN gives 0, as in
 * the interpreter), {@code SIGN} is {@link Math#signum(float)} (0 and NaN stay as they are),
 * {@code SQRT} the correctly rounded square root.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, SQRT, RELU;

    /** f(x) for one value. */
    public float apply(final float x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQRT -> (float) Math.sqrt(x);
            case RELU -> x > 0f ? x : 0f;
        };
    }

    /**
     * The gradient to x of f at x, given the incoming gradient g and the output y = f(x), written
     * as the IR's derivative ops compute it: {@code -g}; {@code g * sign(x)}; 0 (sign passes no
     * gradient); {@code g / (2 * y)}; {@code x > 0 ? g : 0}.
     */
    public float backward(final float x, final float y, final float g) {
        return switch (this) {
            case NEG -> -g;
            case ABS -> g * Math.signum(x);
            case SIGN -> 0f;
            case SQRT -> g / (2f * y);
            case RELU -> x > 0f ? g : 0f;
        };
    }
}
