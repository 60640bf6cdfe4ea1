package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.OpKind;

/**
 * The value of every op of the IR, as {@link OpKind} documents it: one entry point that
 * dispatches to the op's family. The switch names every kind, so that a new op kind cannot be
 * added without saying what it computes.
 */
public final class OpSemantics {
    private OpSemantics() {
    }

    /**
     * The value of {@code call} in {@code ctx}; APPLY_UPDATE has no value and is refused (see
     * {@link OptimizerStep}). BATCHNORM in training mode also writes its running statistics.
     */
    public static Tensor evaluate(final OpCall call, final OpContext ctx) {
        var t = call.outType();
        int batch = ctx.batch();
        return switch (call.kind()) {
            case MATMUL, FA_MATMUL -> LayerOps.matmul(call.in(0), call.in(1), t, batch);
            case ADD_BIAS -> LayerOps.addBias(call.in(0), call.in(1), t);
            case CONV2D -> LayerOps.conv2d(call.in(0), call.in(1), t, conv(call).stride(), conv(call).pad());
            case MAXPOOL -> LayerOps.pool(call.in(0), t, pool(call).size(), pool(call).stride(), true);
            case AVGPOOL -> LayerOps.pool(call.in(0), t, pool(call).size(), pool(call).stride(), false);
            case RESHAPE -> LayerOps.reshape(call.in(0), t);
            case CONCAT -> LayerOps.concat(call.inputs(), t, batch);
            case RELU -> LayerOps.map(call.in(0), LayerOps::relu);
            case TANH -> LayerOps.map(call.in(0), Math::tanh);
            case SIGMOID -> LayerOps.map(call.in(0), LayerOps::sigmoid);
            case LEAKY_RELU -> {
                double slope = call.attrs(Attrs.Leaky.class).slope();
                yield LayerOps.map(call.in(0), v -> LayerOps.leakyRelu(v, slope));
            }
            case DROPOUT_MASK -> LayerOps.dropoutMask(t, ctx, (long) call.in(0).scalarValue(),
                call.attrs(Attrs.Dropout.class).p());
            case BATCHNORM -> BatchNormOps.forward(call.in(0), call.in(1), call.in(2), call.in(3), call.in(4), t, ctx,
                batchNorm(call).eps(), batchNorm(call).momentum());

            case ADD -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, Double::sum);
            case SUB -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, (a, b) -> a - b);
            case MUL -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, (a, b) -> a * b);
            case DIV -> ElementwiseOps.binary(call.in(0), call.in(1), t, batch, (a, b) -> a / b);
            case NEG -> LayerOps.map(call.in(0), v -> -v);
            case CONST -> Tensor.scalar(call.attrs(Attrs.Constant.class).value());
            case SOFTMAX -> ElementwiseOps.softmax(call.in(0), false);
            case LOG_SOFTMAX -> ElementwiseOps.softmax(call.in(0), true);
            case ONEHOT -> ElementwiseOps.onehot(call.in(0), t, call.attrs(Attrs.OneHot.class).classes());
            case SUM -> ElementwiseOps.sum(call.in(0), false);
            case MEAN -> ElementwiseOps.sum(call.in(0), true);
            case SIGN -> LayerOps.map(call.in(0), Math::signum);
            case ABS -> LayerOps.map(call.in(0), Math::abs);
            case SQRT -> LayerOps.map(call.in(0), Math::sqrt);
            case CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1 -> LossOps.loss(call.kind(), call.in(0), call.in(1));

            case UNIFORM, UNIFORM_LIKE -> FixedTensorOps.uniform(t, ctx, draw(call).bound(), draw(call).key());
            case NORMAL -> FixedTensorOps.normal(t, ctx, draw(call).bound(), draw(call).key());
            case SIGN_CONCORDANT -> FixedTensorOps.signConcordant(call.in(0), ctx,
                call.attrs(Attrs.SignConcordant.class).spread(), call.attrs(Attrs.SignConcordant.class).key());

            case MATMUL_GRAD_LEFT -> GradientOps.matmulGradLeft(call.in(0), call.in(1), t, batch);
            case MATMUL_GRAD_RIGHT -> GradientOps.matmulGradRight(call.in(0), call.in(1), t, batch);
            case BIAS_GRAD, BATCHNORM_GRAD_BETA -> BatchNormOps.sumPerChannel(call.in(0), t);
            case CONV2D_GRAD_INPUT -> GradientOps.conv2dGradInput(call.in(0), call.in(1), t,
                conv(call).stride(), conv(call).pad());
            case CONV2D_GRAD_WEIGHT -> GradientOps.conv2dGradWeight(call.in(0), call.in(1), t,
                conv(call).stride(), conv(call).pad());
            case MAXPOOL_GRAD -> GradientOps.maxpoolGrad(call.in(0), call.in(1), t, pool(call).size(),
                pool(call).stride());
            case AVGPOOL_GRAD -> GradientOps.avgpoolGrad(call.in(0), t, pool(call).size(), pool(call).stride());
            case SLICE_CHANNELS -> GradientOps.sliceChannels(call.in(0), t, call.attrs(Attrs.Slice.class).offset());
            case RELU_GRAD -> GradientOps.pointwise(call.in(0), call.in(1), t, (x, g) -> x > 0 ? g : 0);
            case TANH_GRAD -> GradientOps.pointwise(call.in(0), call.in(1), t, (y, g) -> g * (1 - y * y));
            case SIGMOID_GRAD -> GradientOps.pointwise(call.in(0), call.in(1), t, (y, g) -> g * y * (1 - y));
            case LEAKY_RELU_GRAD -> {
                double slope = call.attrs(Attrs.Leaky.class).slope();
                yield GradientOps.pointwise(call.in(0), call.in(1), t, (x, g) -> x > 0 ? g : slope * g);
            }
            case BATCHNORM_GRAD_INPUT -> BatchNormOps.gradInput(call.in(0), call.in(1), call.in(2), t,
                batchNorm(call).eps());
            case BATCHNORM_GRAD_GAMMA -> BatchNormOps.gradGamma(call.in(0), call.in(1), t, batchNorm(call).eps());
            case SOFTMAX_GRAD -> GradientOps.softmaxGrad(call.in(0), call.in(1), t, false);
            case LOG_SOFTMAX_GRAD -> GradientOps.softmaxGrad(call.in(0), call.in(1), t, true);
            case CROSS_ENTROPY_GRAD -> LossOps.gradient(OpKind.CROSS_ENTROPY, call.in(0), call.in(1), call.in(2), t);
            case MSE_GRAD -> LossOps.gradient(OpKind.MSE, call.in(0), call.in(1), call.in(2), t);
            case SQUARE_HINGE_GRAD -> LossOps.gradient(OpKind.SQUARE_HINGE, call.in(0), call.in(1), call.in(2), t);
            case SMOOTH_L1_GRAD -> LossOps.gradient(OpKind.SMOOTH_L1, call.in(0), call.in(1), call.in(2), t);
            case BROADCAST -> ElementwiseOps.broadcast(call.in(0), t, batch, call.attrs(Attrs.Broadcast.class).mean());
            case REDUCE_TO -> ElementwiseOps.reduceTo(call.in(0), t, batch);

            case APPLY_UPDATE -> throw new IllegalArgumentException(
                "APPLY_UPDATE changes a parameter and has no value; the interpreter applies it");
            case INIT_PARAMETER -> throw new IllegalArgumentException(
                "INIT_PARAMETER sets a parameter and has no value; the interpreter applies it");
        };
    }

    private static Attrs.Conv conv(final OpCall call) {
        return call.attrs(Attrs.Conv.class);
    }

    private static Attrs.Pool pool(final OpCall call) {
        return call.attrs(Attrs.Pool.class);
    }

    private static Attrs.BatchNorm batchNorm(final OpCall call) {
        return call.attrs(Attrs.BatchNorm.class);
    }

    private static Attrs.Draw draw(final OpCall call) {
        return call.attrs(Attrs.Draw.class);
    }
}
