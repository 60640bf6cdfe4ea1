package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.BinaryOp;
import dev.locus.runtime.kernel.UnaryOp;

/**
 * Emits one op of a FORWARD or UPDATE block as calls of runtime kernels, dispatching to the
 * emitter of its family. The switch names every {@link dev.locus.compiler.ir.OpKind}, so that a new
 * op cannot be added without saying how it compiles. INIT blocks' draws and constants are emitted
 * into {@code initializeParameters} by {@link NetworkCompiler}; here they emit nothing.
 */
final class OpEmitter {
    private final LossEmitter losses = new LossEmitter();

    void emit(final Emission e, final IrOp op) {
        if (e.plan().absorbed(op)) {
            return; // an activation the bias addition before it computed (BufferPlan)
        }
        if (e.plan().chained(op)) {
            return; // computed inside the loop of its chain's last op (ElementwiseChains)
        }
        e.method().at(op.origin());
        if (e.plan().chainRoot(op)) {
            ChainEmitter.emit(e, op);
            return;
        }
        switch (op.kind()) {
            case MATMUL, FA_MATMUL -> LayerOpEmitter.matmul(e, op);
            case ADD_BIAS -> LayerOpEmitter.addBias(e, op);
            case CONV2D -> LayerOpEmitter.conv2d(e, op);
            case MAXPOOL -> LayerOpEmitter.pool(e, op, true);
            case AVGPOOL -> LayerOpEmitter.pool(e, op, false);
            case RESHAPE -> {
                // a view of its input: the plan gave it the input's buffer
            }
            case CONCAT -> LayerOpEmitter.concat(e, op);
            case RELU -> LayerOpEmitter.activation(e, op, Activation.RELU, 0f);
            case TANH -> LayerOpEmitter.activation(e, op, Activation.TANH, 0f);
            case SIGMOID -> LayerOpEmitter.activation(e, op, Activation.SIGMOID, 0f);
            case LEAKY_RELU -> LayerOpEmitter.activation(e, op, Activation.LEAKY_RELU, slope(op));
            case DROPOUT_MASK -> LayerOpEmitter.dropoutMask(e, op);
            case BATCHNORM -> LayerOpEmitter.batchNorm(e, op);

            case ADD -> RuleOpEmitter.binary(e, op, BinaryOp.ADD);
            case SUB -> RuleOpEmitter.binary(e, op, BinaryOp.SUB);
            case MUL -> RuleOpEmitter.binary(e, op, BinaryOp.MUL);
            case DIV -> RuleOpEmitter.binary(e, op, BinaryOp.DIV);
            case NEG -> RuleOpEmitter.unary(e, op, UnaryOp.NEG);
            case SIGN -> RuleOpEmitter.unary(e, op, UnaryOp.SIGN);
            case ABS -> RuleOpEmitter.unary(e, op, UnaryOp.ABS);
            case SQRT -> RuleOpEmitter.unary(e, op, UnaryOp.SQRT);
            case CONST, UNIFORM, NORMAL, SIGN_CONCORDANT, UNIFORM_LIKE, INIT_PARAMETER -> {
                // written once by initializeParameters
            }
            case SOFTMAX -> RuleOpEmitter.softmax(e, op, false);
            case LOG_SOFTMAX -> RuleOpEmitter.softmax(e, op, true);
            case ONEHOT -> RuleOpEmitter.onehot(e, op);
            case SUM -> RuleOpEmitter.reduce(e, op, false);
            case MEAN -> RuleOpEmitter.reduce(e, op, true);
            case CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1 -> losses.loss(e, op);

            case MATMUL_GRAD_LEFT -> GradientEmitter.matmulLeft(e, op);
            case MATMUL_GRAD_RIGHT -> GradientEmitter.matmulRight(e, op);
            case BIAS_GRAD, BATCHNORM_GRAD_BETA -> GradientEmitter.sumPerChannel(e, op);
            case CONV2D_GRAD_INPUT -> GradientEmitter.convInput(e, op);
            case CONV2D_GRAD_WEIGHT -> GradientEmitter.convWeight(e, op);
            case MAXPOOL_GRAD -> GradientEmitter.maxPool(e, op);
            case AVGPOOL_GRAD -> GradientEmitter.avgPool(e, op);
            case SLICE_CHANNELS -> GradientEmitter.slice(e, op);
            case RELU_GRAD -> GradientEmitter.relu(e, op);
            case TANH_GRAD -> GradientEmitter.activation(e, op, Activation.TANH, 0f);
            case SIGMOID_GRAD -> GradientEmitter.activation(e, op, Activation.SIGMOID, 0f);
            case LEAKY_RELU_GRAD -> GradientEmitter.activation(e, op, Activation.LEAKY_RELU, slope(op));
            case BATCHNORM_GRAD_INPUT -> GradientEmitter.batchNormInput(e, op);
            case BATCHNORM_GRAD_GAMMA -> GradientEmitter.batchNormGamma(e, op);
            case SOFTMAX_GRAD -> GradientEmitter.softmax(e, op, false);
            case LOG_SOFTMAX_GRAD -> GradientEmitter.softmax(e, op, true);
            case CROSS_ENTROPY_GRAD, MSE_GRAD, SQUARE_HINGE_GRAD, SMOOTH_L1_GRAD -> losses.gradient(e, op);
            case BROADCAST -> GradientEmitter.broadcast(e, op);
            case REDUCE_TO -> GradientEmitter.reduceTo(e, op);

            case APPLY_UPDATE -> UpdateEmitter.apply(e, op);
        }
    }

    /** An op of an INIT block (or a constant anywhere), emitted into {@code initializeParameters}. */
    void emitOnce(final Emission e, final IrOp op, final Local seed) {
        e.method().at(op.origin());
        switch (op.kind()) {
            case UNIFORM, UNIFORM_LIKE -> DrawEmitter.uniform(e, op, seed);
            case NORMAL -> DrawEmitter.normal(e, op, seed);
            case SIGN_CONCORDANT -> DrawEmitter.signConcordant(e, op, seed);
            case CONST -> RuleOpEmitter.constant(e, op);
            case INIT_PARAMETER -> DrawEmitter.initParameter(e, op);
            default -> emit(e, op);
        }
    }

    /** The kernel's activation of an activation op (one that {@code BufferPlan} may fuse into a bias addition). */
    static Activation activationOf(final IrOp op) {
        return switch (op.kind()) {
            case RELU -> Activation.RELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
            case LEAKY_RELU -> Activation.LEAKY_RELU;
            default -> throw new IllegalArgumentException(op + " is not an activation");
        };
    }

    static float slope(final IrOp op) {
        return (float) op.attrs(Attrs.Leaky.class).slope();
    }
}
