package dev.locus.compiler.lower;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The derivative of every op, in one place: given an op, which input, and the gradient of the
 * op's output, the ops that compute the gradient of that input (a vector-Jacobian product),
 * appended to {@code block}. Shared by the interpreter, the JVM backend and the hardware lowering,
 * which all read the same gradient ops.
 */
final class Derivatives {
    private final IrBlock block;
    /** Replaces a weight by its fixed feedback matrix in the gradient to a layer's input (feedback alignment). */
    private final UnaryOperator<IrValue> feedback;

    Derivatives(final IrBlock block, final UnaryOperator<IrValue> feedback) {
        this.block = block;
        this.feedback = feedback;
    }

    /** The gradient of {@code op}'s input {@code i}, or null when the op passes none there. */
    IrValue vjp(final IrOp op, final int i, final IrValue g) {
        IrValue x = op.input(i);
        TensorType t = x.type();
        var at = op.origin();
        switch (op.kind()) {
            case MATMUL:
                return i == 0 ? emit(OpKind.MATMUL_GRAD_LEFT, t, List.of(g, feedback.apply(op.input(1))), Attrs.NONE, op)
                        : emit(OpKind.MATMUL_GRAD_RIGHT, t, List.of(op.input(0), g), Attrs.NONE, op);
            case FA_MATMUL:
                if (i == 2) {
                    return null;
                }
                return i == 0 ? emit(OpKind.MATMUL_GRAD_LEFT, t, List.of(g, op.input(2)), Attrs.NONE, op)
                        : emit(OpKind.MATMUL_GRAD_RIGHT, t, List.of(op.input(0), g), Attrs.NONE, op);
            case ADD_BIAS:
                return i == 0 ? g : emit(OpKind.BIAS_GRAD, t, List.of(g), Attrs.NONE, op);
            case CONV2D:
                return i == 0 ? emit(OpKind.CONV2D_GRAD_INPUT, t, List.of(g, feedback.apply(op.input(1))), op.attrs(), op)
                        : emit(OpKind.CONV2D_GRAD_WEIGHT, t, List.of(op.input(0), g), op.attrs(), op);
            case MAXPOOL:
                return emit(OpKind.MAXPOOL_GRAD, t, List.of(x, g), op.attrs(), op);
            case AVGPOOL:
                return emit(OpKind.AVGPOOL_GRAD, t, List.of(g), op.attrs(), op);
            case RESHAPE:
                return emit(OpKind.RESHAPE, t, List.of(g), Attrs.NONE, op);
            case CONCAT:
                return emit(OpKind.SLICE_CHANNELS, t, List.of(g), new Attrs.Slice(channelOffset(op, i), t.shape().dim(0)), op);
            case RELU:
                return emit(OpKind.RELU_GRAD, t, List.of(x, g), Attrs.NONE, op);
            case LEAKY_RELU:
                return emit(OpKind.LEAKY_RELU_GRAD, t, List.of(x, g), op.attrs(), op);
            case TANH:
                return emit(OpKind.TANH_GRAD, t, List.of(op.output(), g), Attrs.NONE, op);
            case SIGMOID:
                return emit(OpKind.SIGMOID_GRAD, t, List.of(op.output(), g), Attrs.NONE, op);
            case BATCHNORM:
                if (i == 0) {
                    return emit(OpKind.BATCHNORM_GRAD_INPUT, t, List.of(x, op.input(1), g), op.attrs(), op);
                }
                if (i == 1) {
                    return emit(OpKind.BATCHNORM_GRAD_GAMMA, t, List.of(op.input(0), g), op.attrs(), op);
                }
                // The running statistics (inputs 3 and 4) are state: no gradient flows into them.
                return i == 2 ? emit(OpKind.BATCHNORM_GRAD_BETA, t, List.of(g), Attrs.NONE, op) : null;
            case ADD:
                return reduce(g, t, op);
            case SUB:
                return i == 0 ? reduce(g, t, op) : reduce(emit(OpKind.NEG, g.type(), List.of(g), Attrs.NONE, op), t, op);
            case MUL:
                return reduce(emit(OpKind.MUL, g.type(), List.of(g, op.input(1 - i)), Attrs.NONE, op), t, op);
            case DIV:
                if (i == 0) {
                    return reduce(emit(OpKind.DIV, g.type(), List.of(g, op.input(1)), Attrs.NONE, op), t, op);
                }
                IrValue ga = emit(OpKind.MUL, g.type(), List.of(g, op.output()), Attrs.NONE, op);
                IrValue q = emit(OpKind.DIV, g.type(), List.of(ga, op.input(1)), Attrs.NONE, op);
                return reduce(emit(OpKind.NEG, g.type(), List.of(q), Attrs.NONE, op), t, op);
            case NEG:
                return emit(OpKind.NEG, t, List.of(g), Attrs.NONE, op);
            case SOFTMAX:
                return emit(OpKind.SOFTMAX_GRAD, t, List.of(op.output(), g), Attrs.NONE, op);
            case LOG_SOFTMAX:
                return emit(OpKind.LOG_SOFTMAX_GRAD, t, List.of(op.output(), g), Attrs.NONE, op);
            case SUM:
                return emit(OpKind.BROADCAST, t, List.of(g), new Attrs.Broadcast(false), op);
            case MEAN:
                return emit(OpKind.BROADCAST, t, List.of(g), new Attrs.Broadcast(true), op);
            case ABS: {
                IrValue s = emit(OpKind.SIGN, t, List.of(x), Attrs.NONE, op);
                return emit(OpKind.MUL, t, List.of(g, s), Attrs.NONE, op);
            }
            case SQRT: {
                IrValue two = emit(OpKind.CONST, TensorType.scalar(), List.of(), new Attrs.Constant(2.0), op);
                IrValue d = emit(OpKind.MUL, t, List.of(two, op.output()), Attrs.NONE, op);
                return emit(OpKind.DIV, t, List.of(g, d), Attrs.NONE, op);
            }
            case CROSS_ENTROPY:
                return i == 0 ? emit(OpKind.CROSS_ENTROPY_GRAD, t, List.of(x, op.input(1), g), Attrs.NONE, op) : null;
            case MSE:
                return i == 0 ? emit(OpKind.MSE_GRAD, t, List.of(x, op.input(1), g), Attrs.NONE, op) : null;
            case SQUARE_HINGE:
                return i == 0 ? emit(OpKind.SQUARE_HINGE_GRAD, t, List.of(x, op.input(1), g), Attrs.NONE, op) : null;
            case SMOOTH_L1:
                return i == 0 ? emit(OpKind.SMOOTH_L1_GRAD, t, List.of(x, op.input(1), g), Attrs.NONE, op) : null;
            default:
                // SIGN, ONEHOT, CONST, DROPOUT_MASK and the drawn tensors pass no gradient.
                return null;
        }
    }

    /** Sums a broadcast gradient back down to the type of the input it came from. */
    private IrValue reduce(final IrValue g, final TensorType to, final IrOp op) {
        if (g.type().equals(to)) {
            return g;
        }
        return emit(OpKind.REDUCE_TO, to, List.of(g), Attrs.NONE, op);
    }

    private static int channelOffset(final IrOp concat, final int input) {
        int offset = 0;
        for (int j = 0; j < input; j++) {
            offset += concat.input(j).type().shape().dim(0);
        }
        return offset;
    }

    private IrValue emit(final OpKind kind, final TensorType type, final List<IrValue> inputs,
                         final Attrs attrs, final IrOp cause) {
        return block.op(kind, "d" + kind.name().toLowerCase(java.util.Locale.ROOT), type, inputs, attrs, cause.origin());
    }
}
