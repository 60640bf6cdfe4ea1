package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.runtime.kernel.BinaryOp;
import dev.locus.runtime.kernel.UnaryOp;

/**
 * The element-wise arithmetic, functions and reductions of rule expressions, op by op on
 * {@code Elementwise}, {@code Softmax}, {@code OneHot} and {@code Reductions}. A broadcast operand
 * (a scalar, an unbatched tensor of the sample shape) is passed with its own length, which the
 * kernel repeats. A chain of the arithmetic and functions is one loop instead ({@link ChainEmitter});
 * an op outside any chain is one pass over memory.
 */
final class RuleOpEmitter {
    private RuleOpEmitter() {
    }

    static void binary(final Emission e, final IrOp op, final BinaryOp f) {
        IrValue a = op.input(0);
        IrValue b = op.input(1);
        e.method().invoke(Kernels.BINARY, f, e.array(a), 0, e.length(a), e.array(b), 0, e.length(b),
            e.array(op.output()), 0, e.length(op.output()));
    }

    static void unary(final Emission e, final IrOp op, final UnaryOp f) {
        e.method().invoke(Kernels.UNARY, f, e.array(op.input(0)), 0, e.array(op.output()), 0, e.length(op.output()));
    }

    /** A constant's one float, written once in initializeParameters (buffers are not cleared after). */
    static void constant(final Emission e, final IrOp op) {
        float value = (float) op.attrs(Attrs.Constant.class).value();
        e.method().storeElement(e.field(op.output()), 0, () -> e.method().push(value));
    }

    /** Softmax or log-softmax over each sample (the whole tensor when unbatched). */
    static void softmax(final Emission e, final IrOp op, final boolean log) {
        IrValue x = op.input(0);
        e.method().invoke(log ? Kernels.LOG_SOFTMAX : Kernels.SOFTMAX, e.array(x), 0, e.samples(x),
            x.type().shape().intSize(), e.array(op.output()), 0);
    }

    static void onehot(final Emission e, final IrOp op) {
        e.method().invoke(Kernels.ONE_HOT, e.array(op.input(0)), 0, e.count(), op.attrs(Attrs.OneHot.class).classes(),
            e.array(op.output()), 0);
    }

    /** The sum or mean of every element, batch included. */
    static void reduce(final Emission e, final IrOp op, final boolean mean) {
        IrValue x = op.input(0);
        e.method().invoke(mean ? Kernels.MEAN : Kernels.SUM, e.array(x), 0, 1, e.length(x), e.array(op.output()), 0);
    }
}
