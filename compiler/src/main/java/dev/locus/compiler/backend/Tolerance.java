package dev.locus.compiler.backend;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;

/**
 * How far a float32 backend may stray from the double-precision interpreter on a program after
 * a few training steps (the golden corpus's 6 to 9, the rule test kit's 6): a relative tolerance
 * per class of op, and a program takes the loosest class among the ops of its IR. docs/GOLDEN.md
 * gives the same table.
 *
 * <table>
 *   <caption>Relative tolerance by op class</caption>
 *   <tr><th>class</th><th>ops</th><th>relative</th></tr>
 *   <tr><td>ELEMENTWISE</td><td>dense (matmul, bias), activations, dropout, concatenation, rule
 *       arithmetic and functions except softmax, the four losses, fixed draws, and their
 *       gradients</td><td>1e-4</td></tr>
 *   <tr><td>CONVOLUTION</td><td>conv2d, maxpool, avgpool and their gradients</td><td>5e-4</td></tr>
 *   <tr><td>NORMALIZATION</td><td>batchnorm, softmax, log_softmax and their gradients</td><td>1e-3</td></tr>
 * </table>
 *
 * <p>Float32 rounds at 6e-8; a dot product of n terms may lose up to n times that, and each
 * optimizer step feeds the last step's error into the next, so a few steps of a small dense
 * network stay within 1e-4. A convolution's longer sums, a max pool or ReLU whose winner or kink
 * moves with rounding, and divisions by a small batch's deviation (batch norm, 2 samples in the
 * last batch) or by a sum of exponentials (softmax) amplify it further. The tests' comparisons apply
 * the tolerance to every element relative to the larger of the element's magnitude, the tensor's
 * root mean square and {@link #FLOOR}, so that elements near zero are judged on their tensor's scale.
 */
public enum Tolerance {
    ELEMENTWISE(1e-4),
    CONVOLUTION(5e-4),
    NORMALIZATION(1e-3);

    /**
     * Below this, magnitudes do not shrink what is allowed: a value is judged relative to the
     * larger of its magnitude, its tensor's root mean square and this (0.01 of a loss or a weight is noise).
     */
    public static final double FLOOR = 1e-2;

    private final double relative;

    Tolerance(final double relative) {
        this.relative = relative;
    }

    public double relative() {
        return relative;
    }

    /** The loosest class among the ops of {@code graph}. */
    public static Tolerance of(final IrGraph graph) {
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

    /** The class of one op kind: every kind has one, so that a new kind must be placed here. */
    public static Tolerance of(final OpKind kind) {
        return switch (kind) {
            case CONV2D, MAXPOOL, AVGPOOL, CONV2D_GRAD_INPUT, CONV2D_GRAD_WEIGHT, MAXPOOL_GRAD, AVGPOOL_GRAD ->
                CONVOLUTION;
            case BATCHNORM, BATCHNORM_GRAD_INPUT, BATCHNORM_GRAD_GAMMA, BATCHNORM_GRAD_BETA, SOFTMAX, LOG_SOFTMAX,
                SOFTMAX_GRAD, LOG_SOFTMAX_GRAD -> NORMALIZATION;
            case MATMUL, ADD_BIAS, RESHAPE, CONCAT, RELU, TANH, SIGMOID, LEAKY_RELU, DROPOUT_MASK, ADD, SUB, MUL, DIV,
                NEG, CONST, ONEHOT, SUM, MEAN, SIGN, ABS, SQRT, CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1, FA_MATMUL,
                UNIFORM, NORMAL, SIGN_CONCORDANT, UNIFORM_LIKE, MATMUL_GRAD_LEFT, MATMUL_GRAD_RIGHT, BIAS_GRAD,
                SLICE_CHANNELS, RELU_GRAD, TANH_GRAD, SIGMOID_GRAD, LEAKY_RELU_GRAD, CROSS_ENTROPY_GRAD, MSE_GRAD,
                SQUARE_HINGE_GRAD, SMOOTH_L1_GRAD, BROADCAST, REDUCE_TO, APPLY_UPDATE, INIT_PARAMETER -> ELEMENTWISE;
        };
    }
}
