package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.Optimizer;
import org.objectweb.asm.Type;

/**
 * APPLY_UPDATE: one fused pass of {@code Optimizers} over a parameter, its gradient and its state,
 * in the order {@link Optimizer#state} lists it. Adam's step count is the parameter's own counter,
 * advanced before the step (so a frozen layer resumes its bias correction where it left it).
 */
final class UpdateEmitter {
    private UpdateEmitter() {
    }

    static void apply(final Emission e, final IrOp op) {
        Optimizer optimizer = op.attrs(Attrs.Update.class).optimizer();
        IrValue p = op.input(0);
        int n = p.type().shape().intSize();
        if (optimizer instanceof Optimizer.Sgd sgd) {
            e.method().invoke(Kernels.SGD, e.array(p), 0, e.array(op.input(1)), 0,
                sgd.momentum() == 0 ? null : e.array(op.input(2)), 0, n, (float) sgd.lr(), (float) sgd.momentum(),
                (float) sgd.weightDecay());
        } else {
            Optimizer.Adam adam = (Optimizer.Adam) optimizer;
            Local step = e.temporary("adamStep", Type.INT_TYPE);
            e.method().invoke(Kernels.ADVANCE, e.array(op.input(4))).store(step);
            e.method().invoke(Kernels.ADAM, e.array(p), 0, e.array(op.input(1)), 0, e.array(op.input(2)), 0,
                e.array(op.input(3)), 0, n, (float) adam.lr(), (float) adam.beta1(), (float) adam.beta2(),
                (float) adam.eps(), 0f, step);
        }
    }
}
