package dev.locus.compiler.interp;

import dev.locus.compiler.ir.OpKind;

/**
 * The value of every op of the IR, as {@link OpKind} documents it: one entry point that
 * dispatches to the op's family. The switch names every kind, so that a new op kind cannot be
 * added without saying what it computes.
 */
public final class OpSemantics {
    private OpSemantics() {
    }

    /** The value of {@code call} in {@code ctx}; APPLY_UPDATE has no value and is refused. */
    public static Tensor evaluate(final OpCall call, final OpContext ctx) {
        var t = call.outType();
        int batch = ctx.batch();
        return switch (call.kind()) {
            case MATMUL, FA_MATMUL -> LayerOps.matmul(call.in(0), call.in(1), t, batch);
            case ADD_BIAS -> LayerOps.addBias(call.in(0), call.in(1), t);
            case CONV2D -> LayerOps.conv2d(call.in(0), call.in(1), t, call.intAttr("stride"), call.intAttr("pad"));
            case MAXPOOL -> LayerOps.pool(call.in(0), t, call.intAttr("size"), call.intAttr("stride"), true);
            case AVGPOOL -> LayerOps.pool(call.in(0), t, call.intAttr("size"), call.intAttr("stride"), false);
            case RESHAPE -> LayerOps.reshape(call.in(0), t);
            case CONCAT -> LayerOps.concat(call.inputs(), t, batch);
            case RELU -> LayerOps.map(call.in(0), LayerOps::relu);
            case TANH -> LayerOps.map(call.in(0), Math::tanh);
            case SIGMOID -> LayerOps.map(call.in(0), LayerOps::sigmoid);
            case LEAKY_RELU -> {
                double slope = call.doubleAttr("slope");
                yield LayerOps.map(call.in(0), v -> LayerOps.leakyRelu(v, slope));
            }
            case DROPOUT_MASK -> LayerOps.dropoutMask(t, ctx, call.doubleAttr("p"));
            case BATCHNORM -> BatchNormOps.forward(call.in(0), call.in(1), call.in(2), t, ctx,
                call.doubleAttr("eps"), call.doubleAttr("momentum"));

            case ADD -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, Double::sum);
            case SUB -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, (a, b) -> a - b);
            case MUL -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, (a, b) -> a * b);
            case DIV -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, (a, b) -> a / b);
            case NEG -> LayerOps.map(call.in(0), v -> -v);
            case CONST -> Tensor.scalar(call.doubleAttr("value"));
            case SOFTMAX -> ElementwiseOps.softmax(call.in(0), false);
            case LOG_SOFTMAX -> ElementwiseOps.softmax(call.in(0), true);
            case ONEHOT -> ElementwiseOps.onehot(call.in(0), t, call.intAttr("classes"));
            case SUM -> ElementwiseOps.sum(call.in(0), false);
            case MEAN -> ElementwiseOps.sum(call.in(0), true);
            case SIGN -> LayerOps.map(call.in(0), Math::signum);
            case ABS -> LayerOps.map(call.in(0), Math::abs);
            case SQRT -> LayerOps.map(call.in(0), Math::sqrt);
            case CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1 -> LossOps.loss(call.kind(), call.in(0), call.in(1));

            case UNIFORM -> FixedTensorOps.uniform(t, ctx, call.doubleAttr("bound"), call.stringAttr("key"));
            case NORMAL -> FixedTensorOps.normal(t, ctx, call.doubleAttr("std"), call.stringAttr("key"));
            case SIGN_CONCORDANT -> FixedTensorOps.signConcordant(call.in(0), ctx, call.doubleAttr("spread"),
                call.stringAttr("key"));
            case UNIFORM_LIKE -> FixedTensorOps.uniform(t, ctx, call.doubleAttr("bound"), call.stringAttr("key"));

            case MATMUL_GRAD_LEFT -> GradientOps.matmulGradLeft(call.in(0), call.in(1), t, batch);
            case MATMUL_GRAD_RIGHT -> GradientOps.matmulGradRight(call.in(0), call.in(1), t, batch);
            case BIAS_GRAD, BATCHNORM_GRAD_BETA -> BatchNormOps.sumPerChannel(call.in(0), t);
            case CONV2D_GRAD_INPUT -> GradientOps.conv2dGradInput(call.in(0), call.in(1), t,
                call.intAttr("stride"), call.intAttr("pad"));
            case CONV2D_GRAD_WEIGHT -> GradientOps.conv2dGradWeight(call.in(0), call.in(1), t,
                call.intAttr("stride"), call.intAttr("pad"));
            case MAXPOOL_GRAD -> GradientOps.maxpoolGrad(call.in(0), call.in(1), t, call.intAttr("size"),
                call.intAttr("stride"));
            case AVGPOOL_GRAD -> GradientOps.avgpoolGrad(call.in(0), t, call.intAttr("size"), call.intAttr("stride"));
            case SLICE_CHANNELS -> GradientOps.sliceChannels(call.in(0), t, call.intAttr("offset"));
            case RELU_GRAD -> GradientOps.pointwise(call.in(0), call.in(1), t, (x, g) -> x > 0 ? g : 0);
            case TANH_GRAD -> GradientOps.pointwise(call.in(0), call.in(1), t, (y, g) -> g * (1 - y * y));
            case SIGMOID_GRAD -> GradientOps.pointwise(call.in(0), call.in(1), t, (y, g) -> g * y * (1 - y));
            case LEAKY_RELU_GRAD -> {
                double slope = call.doubleAttr("slope");
                yield GradientOps.pointwise(call.in(0), call.in(1), t, (x, g) -> x > 0 ? g : slope * g);
            }
            case BATCHNORM_GRAD_INPUT -> BatchNormOps.gradInput(call.in(0), call.in(1), call.in(2), t,
                call.doubleAttr("eps"));
            case BATCHNORM_GRAD_GAMMA -> BatchNormOps.gradGamma(call.in(0), call.in(1), t, call.doubleAttr("eps"));
            case SOFTMAX_GRAD -> GradientOps.softmaxGrad(call.in(0), call.in(1), t, false);
            case LOG_SOFTMAX_GRAD -> GradientOps.softmaxGrad(call.in(0), call.in(1), t, true);
            case CROSS_ENTROPY_GRAD -> LossOps.gradient(OpKind.CROSS_ENTROPY, call.in(0), call.in(1), call.in(2), t);
            case MSE_GRAD -> LossOps.gradient(OpKind.MSE, call.in(0), call.in(1), call.in(2), t);
            case SQUARE_HINGE_GRAD -> LossOps.gradient(OpKind.SQUARE_HINGE, call.in(0), call.in(1), call.in(2), t);
            case SMOOTH_L1_GRAD -> LossOps.gradient(OpKind.SMOOTH_L1, call.in(0), call.in(1), call.in(2), t);
            case BROADCAST -> ElementwiseOps.broadcast(call.in(0), t, batch, call.attrs().containsKey("mean"));
            case REDUCE_TO -> ElementwiseOps.reduceTo(call.in(0), t, batch);

            case APPLY_UPDATE -> throw new IllegalArgumentException(
                "APPLY_UPDATE changes a parameter and has no value; the interpreter applies it");
        };
    }
}
