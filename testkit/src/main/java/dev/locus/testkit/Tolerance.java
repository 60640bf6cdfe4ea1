package dev.locus.testkit;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;

/**
 * How far the float32 JVM backend may stray from the double-precision interpreter over a few
 * steps: the project's cross-backend tolerances (docs/GOLDEN.md), one relative tolerance per class
 * of op, a program taking the loosest class among its ops. A value is judged relative to the larger
 * of its magnitude, its tensor's root mean square and 0.01.
 */
enum Tolerance {
    /** Dense layers, activations, rule arithmetic, the losses and their gradients. */
    ELEMENTWISE(1e-4),
    /** Convolution and pooling, whose sums are longer and whose winners move with rounding. */
    CONVOLUTION(5e-4),
    /** Batch normalization and softmax, which divide by a deviation or a sum of exponentials. */
    NORMALIZATION(1e-3);

    /** Below this, magnitudes do not shrink what is allowed: 0.01 of a loss or a weight is noise. */
    static final double FLOOR = 1e-2;

    final double relative;

    Tolerance(final double relative) {
        this.relative = relative;
    }

    static Tolerance of(final IrGraph graph) {
        Tolerance loosest = ELEMENTWISE;
        for (IrBlock b : graph.blocks()) {
            for (IrOp op : b.ops()) {
                Tolerance t = of(op.kind());
                if (t.relative > loosest.relative) {
                    loosest = t;
                }
            }
        }
        return loosest;
    }

    /** Every kind has a class, so that a new kind must be placed here. */
    static Tolerance of(final OpKind kind) {
        return switch (kind) {
            case CONV2D, MAXPOOL, AVGPOOL, CONV2D_GRAD_INPUT, CONV2D_GRAD_WEIGHT, MAXPOOL_GRAD, AVGPOOL_GRAD ->
                CONVOLUTION;
            case BATCHNORM, BATCHNORM_GRAD_INPUT, BATCHNORM_GRAD_GAMMA, BATCHNORM_GRAD_BETA, SOFTMAX, LOG_SOFTMAX,
                SOFTMAX_GRAD, LOG_SOFTMAX_GRAD -> NORMALIZATION;
            case MATMUL, ADD_BIAS, RESHAPE, CONCAT, RELU, TANH, SIGMOID, LEAKY_RELU, DROPOUT_MASK, ADD, SUB, MUL, DIV,
                NEG, CONST, ONEHOT, SUM, MEAN, SIGN, ABS, SQRT, CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1, FA_MATMUL,
                UNIFORM, NORMAL, SIGN_CONCORDANT, UNIFORM_LIKE, MATMUL_GRAD_LEFT, MATMUL_GRAD_RIGHT, BIAS_GRAD,
                SLICE_CHANNELS, RELU_GRAD, TANH_GRAD, SIGMOID_GRAD, LEAKY_RELU_GRAD, CROSS_ENTROPY_GRAD, MSE_GRAD,
                SQUARE_HINGE_GRAD, SMOOTH_L1_GRAD, BROADCAST, REDUCE_TO, APPLY_UPDATE -> ELEMENTWISE;
        };
    }

    static double rms(final double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }
}
