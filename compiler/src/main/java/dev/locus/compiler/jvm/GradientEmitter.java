package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.Shape;
import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.UnaryOp;

/**
 * The derivative ops the lowering's differentiation emits: products with a transpose on
 * {@code Sgemm}, per-channel sums, the convolution and pooling gradients, slices of a
 * concatenation, the activations' and functions' derivatives, batch normalization's gradients,
 * and the ops that move a gradient between a value's type and a broadcast operand's.
 */
final class GradientEmitter {
    private GradientEmitter() {
    }

    /** g [.., n] @ m [k, n]^T. */
    static void matmulLeft(final Emission e, final IrOp op) {
        IrValue g = op.input(0);
        IrValue m = op.input(1);
        IrValue out = op.output();
        int k = m.type().shape().dim(0);
        int n = m.type().shape().dim(1);
        if (m.type().batched() || g.type().batched() != out.type().batched()) {
            throw new IllegalStateException(op + ": a gradient to the left operand has the left operand's batching");
        }
        Object rows = e.scaled(out.type().batched(), out.type().shape().intSize() / k);
        e.method().invoke(Kernels.SGEMM, false, true, rows, k, n, 1f, e.array(g), 0, n, e.array(m), 0, n, 0f,
            e.array(out), 0, k);
    }

    /** x [.., k]^T @ g [.., n], summed over the batch. */
    static void matmulRight(final Emission e, final IrOp op) {
        IrValue x = op.input(0);
        IrValue g = op.input(1);
        IrValue out = op.output();
        int k = out.type().shape().dim(0);
        int n = out.type().shape().dim(1);
        if (out.type().batched() || x.type().batched() != g.type().batched()) {
            throw new IllegalStateException(op + ": a gradient to the right operand sums x and g over the same batch");
        }
        Object rows = e.scaled(x.type().batched(), x.type().shape().intSize() / k);
        e.method().invoke(Kernels.SGEMM, true, false, k, n, rows, 1f, e.array(x), 0, k, e.array(g), 0, n, 0f,
            e.array(out), 0, n);
    }

    /** The sum of g per channel over the batch (and h, w): a bias's or batch normalization's shift's gradient. */
    static void sumPerChannel(final Emission e, final IrOp op) {
        IrValue g = op.input(0);
        Shape s = g.type().shape();
        int channels = s.rank() == 0 ? 1 : s.dim(0);
        e.method().invoke(Kernels.SUM_PER_CHANNEL, e.array(g), 0, e.samples(g), channels, s.intSize() / channels,
            e.array(op.output()), 0);
    }

    static void convInput(final Emission e, final IrOp op) {
        Local shape = LayerOpEmitter.convShape(e, op.output().type().shape(), op.input(1).type().shape(),
            op.attrs(Attrs.Conv.class));
        e.method().invoke(Kernels.CONV_BACKWARD_DATA, shape, e.array(op.input(0)), 0, e.array(op.input(1)), 0,
            e.array(op.output()), 0);
    }

    static void convWeight(final Emission e, final IrOp op) {
        Local shape = LayerOpEmitter.convShape(e, op.input(0).type().shape(), op.output().type().shape(),
            op.attrs(Attrs.Conv.class));
        e.method().invoke(Kernels.CONV_BACKWARD_WEIGHTS, shape, e.array(op.input(0)), 0, e.array(op.input(1)), 0,
            e.array(op.output()), 0, null, 0);
    }

    static void maxPool(final Emission e, final IrOp op) {
        Local shape = LayerOpEmitter.poolShape(e, op.input(0).type().shape(), op.attrs(Attrs.Pool.class));
        e.method().invoke(Kernels.MAX_POOL_BACKWARD, shape, e.array(op.input(0)), 0, e.array(op.input(1)), 0,
            e.array(op.output()), 0);
    }

    static void avgPool(final Emission e, final IrOp op) {
        Local shape = LayerOpEmitter.poolShape(e, op.output().type().shape(), op.attrs(Attrs.Pool.class));
        e.method().invoke(Kernels.AVG_POOL_BACKWARD, shape, e.array(op.input(0)), 0, e.array(op.output()), 0);
    }

    /** Channels [offset, offset + count) of each sample of g. */
    static void slice(final Emission e, final IrOp op) {
        IrValue g = op.input(0);
        Shape out = op.output().type().shape();
        int inner = out.intSize() / out.dim(0);
        e.method().invoke(Kernels.CONCAT_SLICE, e.array(g), 0, g.type().shape().intSize(),
            op.attrs(Attrs.Slice.class).offset() * inner, e.array(op.output()), 0, out.intSize(), e.count());
    }

    /** g where x > 0, else 0. */
    static void relu(final Emission e, final IrOp op) {
        e.method().invoke(Kernels.UNARY_BACKWARD, UnaryOp.RELU, e.array(op.input(0)), 0, null, 0, e.array(op.input(1)),
            0, e.array(op.output()), 0, e.length(op.output()));
    }

    /**
     * g f'(v) with f' read from v: the output y for tanh and sigmoid; for leaky relu the input x,
     * whose sign is the output's for a slope of at least 0 (which the kernel requires).
     */
    static void activation(final Emission e, final IrOp op, final Activation f, final float slope) {
        IrValue out = op.output();
        e.method().invoke(Kernels.ACTIVATE_BACKWARD, f, slope, e.array(op.input(0)), 0, e.array(op.input(1)), 0,
            e.array(out), 0, 1, e.length(out), 1, null, 0);
    }

    /** Batch normalization's gradient to x in training mode, from the batch's statistics computed again. */
    static void batchNormInput(final Emission e, final IrOp op) {
        IrValue x = op.input(0);
        Attrs.BatchNorm bn = op.attrs(Attrs.BatchNorm.class);
        Shape s = x.type().shape();
        int channels = s.dim(0);
        int inner = s.intSize() / channels;
        FieldRef[] scratch = e.plan().scratch(op);
        e.method().invoke(Kernels.BN_STATISTICS, e.array(x), 0, e.samples(x), channels, inner, (float) bn.eps(),
            scratch[0], 0, scratch[1], 0);
        e.method().invoke(Kernels.BN_BACKWARD, e.array(x), 0, e.array(op.input(2)), 0, e.samples(x), channels, inner,
            e.array(op.input(1)), 0, scratch[0], 0, scratch[1], 0, e.array(op.output()), 0, scratch[2], 0, scratch[3],
            0);
    }

    /** Batch normalization's gradient to its scale: the sum per channel of g times the normalized x. */
    static void batchNormGamma(final Emission e, final IrOp op) {
        IrValue x = op.input(0);
        Attrs.BatchNorm bn = op.attrs(Attrs.BatchNorm.class);
        Shape s = x.type().shape();
        int channels = s.dim(0);
        int inner = s.intSize() / channels;
        FieldRef[] scratch = e.plan().scratch(op);
        e.method().invoke(Kernels.BN_STATISTICS, e.array(x), 0, e.samples(x), channels, inner, (float) bn.eps(),
            scratch[0], 0, scratch[1], 0);
        // No gradient to x is wanted, so the scale is not read: scratch[2] stands in for it.
        e.method().invoke(Kernels.BN_BACKWARD, e.array(x), 0, e.array(op.input(1)), 0, e.samples(x), channels, inner,
            scratch[2], 0, scratch[0], 0, scratch[1], 0, null, 0, e.array(op.output()), 0, scratch[3], 0);
    }

    static void softmax(final Emission e, final IrOp op, final boolean log) {
        IrValue y = op.input(0);
        e.method().invoke(log ? Kernels.LOG_SOFTMAX_BACKWARD : Kernels.SOFTMAX_BACKWARD, e.array(y), 0,
            e.array(op.input(1)), 0, e.samples(y), y.type().shape().intSize(), e.array(op.output()), 0);
    }

    /** The scalar g at every element (divided by their number for a mean's gradient). */
    static void broadcast(final Emission e, final IrOp op) {
        boolean mean = op.attrs(Attrs.Broadcast.class).mean();
        e.method().invoke(mean ? Kernels.MEAN_BACKWARD : Kernels.SUM_BACKWARD, e.array(op.input(0)), 0, 1,
            e.length(op.output()), e.array(op.output()), 0);
    }

    /** g summed down to the output's type. */
    static void reduceTo(final Emission e, final IrOp op) {
        e.method().invoke(Kernels.REDUCE_TO, e.array(op.input(0)), 0, e.length(op.input(0)), e.array(op.output()), 0,
            e.length(op.output()));
    }
}
