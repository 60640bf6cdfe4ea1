package dev.locus.runtime.kernel;

/**
 * The element-wise activations of the language. Their derivatives are taken from the
 * activation's output, which the forward pass keeps anyway, so the pre-activation need not be
 * stored. {@code LEAKY_RELU} takes its slope as a separate argument of the kernels.
 */
public enum Activation {
    IDENTITY, RELU, TANH, SIGMOID, LEAKY_RELU;

    /** f(z). */
    public float apply(final float z, final float slope) {
        switch (this) {
            case RELU:
                return z > 0f ? z : 0f;
            case TANH:
                return (float) Math.tanh(z);
            case SIGMOID:
                return sigmoid(z);
            case LEAKY_RELU:
                return z > 0f ? z : slope * z;
            default:
                return z;
        }
    }

    /**
     * The logistic function rounded to float, 0 where that would be subnormal: below z = -87.3 it
     * falls under 2^-126, and a saturated unit would otherwise feed subnormals to every product
     * that reads the layer ({@link Subnormals}).
     */
    static float sigmoid(final double z) {
        return Subnormals.flush((float) (1.0 / (1.0 + Math.exp(-z))));
    }

    /**
     * f'(z) from y = f(z). For relu and leaky relu the derivative at 0 is taken as 0 and
     * {@code slope}; a leaky slope must be non-negative so that the sign of y still tells the side.
     */
    public float derivativeFromOutput(final float y, final float slope) {
        switch (this) {
            case RELU:
                return y > 0f ? 1f : 0f;
            case TANH:
                return 1f - y * y;
            case SIGMOID:
                return y * (1f - y);
            case LEAKY_RELU:
                return y > 0f ? 1f : slope;
            default:
                return 1f;
        }
    }
}
