package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Shape;
import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.ConvShape;
import dev.locus.runtime.kernel.PoolShape;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * The forward ops of layers: matrix products on {@code Sgemm}, bias and activations on
 * {@code Activations}, convolution, pooling, concatenation, dropout masks and batch normalization.
 * A RESHAPE emits nothing: the {@link BufferPlan} made its value a view of its input.
 */
final class LayerOpEmitter {
    private LayerOpEmitter() {
    }

    /** x [.., k] @ m [k, n] (FA_MATMUL computes the same forward). */
    static void matmul(final Emission e, final IrOp op) {
        IrValue x = op.input(0);
        IrValue m = op.input(1);
        if (m.type().batched()) {
            throw new IllegalStateException(op + ": the right operand of a matrix product is never batched");
        }
        int k = m.type().shape().dim(0);
        int n = m.type().shape().dim(1);
        Object rows = e.scaled(x.type().batched(), x.type().shape().intSize() / k);
        e.method().invoke(Kernels.SGEMM, false, false, rows, n, k, 1f, e.array(x), 0, k, e.array(m), 0, n, 0f,
            e.array(op.output()), 0, n);
    }

    /**
     * y + b per channel: in place when the plan let the output take y's buffer; with the activation
     * that reads it fused in when the plan fused one ({@code f(y + b)} in one pass, in the buffer
     * the activation's output shares).
     */
    static void addBias(final Emission e, final IrOp op) {
        IrValue y = op.input(0);
        IrValue out = op.output();
        if (!e.plan().same(y, out)) {
            e.method().invoke(Kernels.ACTIVATE, Activation.IDENTITY, 0f, e.array(y), 0, e.array(out), 0, e.length(out));
        }
        Shape s = out.type().shape();
        int channels = s.rank() == 0 ? 1 : s.dim(0);
        IrOp fused = e.plan().fusedActivation(op);
        Activation f = fused == null ? Activation.IDENTITY : OpEmitter.activationOf(fused);
        float slope = fused == null || fused.kind() != OpKind.LEAKY_RELU ? 0f : OpEmitter.slope(fused);
        e.method().invoke(Kernels.ACTIVATE_IN_PLACE, f, slope, e.array(out), 0, e.samples(out), channels,
            s.intSize() / channels, e.array(op.input(1)), 0);
    }

    static void activation(final Emission e, final IrOp op, final Activation f, final float slope) {
        e.method().invoke(Kernels.ACTIVATE, f, slope, e.array(op.input(0)), 0, e.array(op.output()), 0,
            e.length(op.output()));
    }

    static void conv2d(final Emission e, final IrOp op) {
        Local shape = convShape(e, op.input(0).type().shape(), op.input(1).type().shape(), op.attrs(Attrs.Conv.class));
        e.method().invoke(Kernels.CONV_FORWARD, shape, e.array(op.input(0)), 0, e.array(op.input(1)), 0, null, 0,
            Activation.IDENTITY, 0f, e.array(op.output()), 0);
    }

    /**
     * The ConvShape of this batch in a local, taken from the shapes the constructor made: input
     * [cin, h, w], weights [cout, cin, k, k].
     */
    static Local convShape(final Emission e, final Shape input, final Shape weights, final Attrs.Conv conv) {
        FieldRef table = e.plan().shapes(Kernels.CONV_SHAPES, input.dim(0), input.dim(1), input.dim(2), weights.dim(0),
            conv.kernel(), conv.stride(), conv.pad());
        Local shape = e.temporary("conv", Type.getType(ConvShape.class));
        e.method().invoke(Kernels.CONV_SHAPE, table, e.count()).store(shape);
        return shape;
    }

    /** The PoolShape of this batch in a local, for input samples [c, h, w], from the constructor's shapes. */
    static Local poolShape(final Emission e, final Shape input, final Attrs.Pool pool) {
        FieldRef table = e.plan().shapes(Kernels.POOL_SHAPES, input.dim(0), input.dim(1), input.dim(2), pool.size(),
            pool.stride());
        Local shape = e.temporary("pool", Type.getType(PoolShape.class));
        e.method().invoke(Kernels.POOL_SHAPE, table, e.count()).store(shape);
        return shape;
    }

    static void pool(final Emission e, final IrOp op, final boolean max) {
        Local shape = poolShape(e, op.input(0).type().shape(), op.attrs(Attrs.Pool.class));
        e.method().invoke(max ? Kernels.MAX_POOL : Kernels.AVG_POOL, shape, e.array(op.input(0)), 0,
            e.array(op.output()), 0);
    }

    /** Each part copied into its place of every sample of the whole. */
    static void concat(final Emission e, final IrOp op) {
        int whole = op.output().type().shape().intSize();
        int at = 0;
        for (IrValue part : op.inputs()) {
            int size = part.type().shape().intSize();
            e.method().invoke(Kernels.CONCAT_PLACE, e.array(part), 0, size, e.array(op.output()), 0, whole, at,
                e.count());
            at += size;
        }
    }

    /** The mask of this step from the layer's dropout stream when training, ones when predicting. */
    static void dropoutMask(final Emission e, final IrOp op) {
        Local step = e.temporary("step", Type.LONG_TYPE);
        e.method().invoke(Kernels.STEPS, e.array(op.input(0))).store(step);
        Local training = e.temporary("training", Type.BOOLEAN_TYPE);
        e.method().loadThis().invoke(Kernels.IS_TRAINING).store(training);
        e.method().invoke(Kernels.DROPOUT_MASK, (float) op.attrs(Attrs.Dropout.class).p(), e.plan().dropoutKey(op),
            step, training, e.array(op.output()), 0, e.length(op.output()));
    }

    /** With the batch's statistics (moving the running ones) when training, the running ones when predicting. */
    static void batchNorm(final Emission e, final IrOp op) {
        Attrs.BatchNorm bn = op.attrs(Attrs.BatchNorm.class);
        IrValue x = op.input(0);
        Shape s = x.type().shape();
        int channels = s.dim(0);
        int inner = s.intSize() / channels;
        FieldRef[] scratch = e.plan().scratch(op);
        Label predicting = e.method().newLabel();
        Label done = e.method().newLabel();
        e.method().loadThis().invoke(Kernels.IS_TRAINING).jumpIfFalse(predicting);
        e.method().invoke(Kernels.BN_TRAINING, e.array(x), 0, e.samples(x), channels, inner, e.array(op.input(1)), 0,
            e.array(op.input(2)), 0, (float) bn.eps(), (float) bn.momentum(), e.array(op.input(3)), 0,
            e.array(op.input(4)), 0, scratch[0], 0, scratch[1], 0, e.array(op.output()), 0);
        e.method().jump(done).mark(predicting);
        e.method().invoke(Kernels.BN_INFERENCE, e.array(x), 0, e.samples(x), channels, inner, e.array(op.input(1)), 0,
            e.array(op.input(2)), 0, (float) bn.eps(), e.array(op.input(3)), 0, e.array(op.input(4)), 0, scratch[1],
            0, e.array(op.output()), 0);
        e.method().mark(done);
    }
}
