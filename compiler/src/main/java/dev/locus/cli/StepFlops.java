package dev.locus.cli;

import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;

/**
 * The floating-point operations of one training step, counted from the IR: the ops of every
 * FORWARD and UPDATE block, as a step runs them with every layer trainable (INIT blocks run once
 * and are not counted). Only the products count, 2 flops per multiply-add as written: a matrix
 * product of m x k by k x n is 2mnk, and so are its two gradients by their own sizes; a
 * convolution is 2 x samples x output elements x (input channels x kernel height x kernel
 * width), padding included, and so is each of its gradients. Element-wise ops, reductions,
 * pooling, normalization, losses and the optimizer's update are left out: they are a few flops
 * per value, where a product is hundreds.
 *
 * <p>What the IR computes is what is counted: an op the IR computes twice counts twice.
 */
final class StepFlops {
    private StepFlops() {
    }

    /** The flops of one step of {@code batch} samples. */
    static long of(final IrGraph graph, final int batch) {
        long total = 0;
        for (IrBlock block : graph.blocks()) {
            if (block.kind() == IrBlock.Kind.INIT) {
                continue;
            }
            for (IrOp op : block.ops()) {
                total = Math.addExact(total, of(op, batch));
            }
        }
        return total;
    }

    private static long of(final IrOp op, final int batch) {
        return switch (op.kind()) {
            // x [.., k] @ m [k, n]
            case MATMUL, FA_MATMUL -> matmul(rows(op.input(0), batch), op.input(1).type().shape());
            // g [.., n] @ m^T, m [k, n]
            case MATMUL_GRAD_LEFT -> matmul(rows(op.input(0), batch), op.input(1).type().shape());
            // x^T [k, ..] @ g [.., n]: the output is [k, n]
            case MATMUL_GRAD_RIGHT -> matmul(rows(op.input(0), batch), op.output().type().shape());
            // (x, W) -> y: y's elements, each a sum over W's input channels and kernel window
            case CONV2D -> conv(op.output(), op.input(1), batch);
            // (g, W) -> dx: one product per element of g and weight, as in the forward pass
            case CONV2D_GRAD_INPUT -> conv(op.input(0), op.input(1), batch);
            // (x, g) -> dW
            case CONV2D_GRAD_WEIGHT -> conv(op.input(1), op.output(), batch);
            case ADD_BIAS, MAXPOOL, AVGPOOL, RESHAPE, CONCAT, RELU, TANH, SIGMOID, LEAKY_RELU, DROPOUT_MASK, BATCHNORM,
                 ADD, SUB, MUL, DIV, NEG, CONST, SOFTMAX, LOG_SOFTMAX, ONEHOT, SUM, MEAN, SIGN, ABS, SQRT,
                 CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1, UNIFORM, NORMAL, SIGN_CONCORDANT, UNIFORM_LIKE,
                 BIAS_GRAD, MAXPOOL_GRAD, AVGPOOL_GRAD, SLICE_CHANNELS, RELU_GRAD, TANH_GRAD, SIGMOID_GRAD,
                 LEAKY_RELU_GRAD, BATCHNORM_GRAD_INPUT, BATCHNORM_GRAD_GAMMA, BATCHNORM_GRAD_BETA, SOFTMAX_GRAD,
                 LOG_SOFTMAX_GRAD, CROSS_ENTROPY_GRAD, MSE_GRAD, SQUARE_HINGE_GRAD, SMOOTH_L1_GRAD, BROADCAST,
                 REDUCE_TO, APPLY_UPDATE, INIT_PARAMETER -> 0;
        };
    }

    /** The rows of a matrix operand: every dimension but the last, times the batch if it is batched. */
    private static long rows(final IrValue v, final int batch) {
        Shape s = v.type().shape();
        long rows = v.type().batched() ? batch : 1;
        for (int i = 0; i < s.rank() - 1; i++) {
            rows *= s.dim(i);
        }
        return rows;
    }

    /** A product of {@code rows} x k by a k x n matrix. */
    private static long matmul(final long rows, final Shape kn) {
        return 2 * rows * kn.dim(0) * kn.dim(1);
    }

    /**
     * A convolution whose output (or output gradient) is {@code out} [cOut, oh, ow] per sample
     * and whose weights (or weight gradient) are {@code weights} [cOut, cIn, kh, kw].
     */
    private static long conv(final IrValue out, final IrValue weights, final int batch) {
        Shape w = weights.type().shape();
        long perOutput = w.size() / w.dim(0);
        return 2 * (out.type().batched() ? batch : 1) * out.type().shape().size() * perOutput;
    }
}
