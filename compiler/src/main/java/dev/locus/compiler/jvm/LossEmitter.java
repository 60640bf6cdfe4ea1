package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.runtime.kernel.BinaryOp;
import dev.locus.runtime.kernel.Loss;
import java.util.HashSet;
import java.util.Set;

/**
 * The four losses and their gradients on {@code Losses.evaluate}, which computes a loss and its
 * gradient in one pass. When a block computes a loss and, later, its gradient on the same scores
 * and labels, the loss's call also writes the gradient's buffer, and the gradient op only scales
 * it by its incoming scalar (nothing when that is the constant 1, as a `minimize` seeds it).
 */
final class LossEmitter {
    /** Gradient ops whose buffer a loss op has already filled. */
    private final Set<IrOp> filled = new HashSet<>();

    static Loss loss(final OpKind kind) {
        return switch (kind) {
            case CROSS_ENTROPY, CROSS_ENTROPY_GRAD -> Loss.CROSS_ENTROPY;
            case MSE, MSE_GRAD -> Loss.MSE;
            case SQUARE_HINGE, SQUARE_HINGE_GRAD -> Loss.SQUARE_HINGE;
            case SMOOTH_L1, SMOOTH_L1_GRAD -> Loss.SMOOTH_L1;
            default -> throw new IllegalArgumentException(kind + " is not a loss");
        };
    }

    private static OpKind gradientOf(final OpKind loss) {
        return switch (loss) {
            case CROSS_ENTROPY -> OpKind.CROSS_ENTROPY_GRAD;
            case MSE -> OpKind.MSE_GRAD;
            case SQUARE_HINGE -> OpKind.SQUARE_HINGE_GRAD;
            case SMOOTH_L1 -> OpKind.SMOOTH_L1_GRAD;
            default -> throw new IllegalArgumentException(loss + " is not a loss");
        };
    }

    /**
     * The later op of a loss op's block that computes its gradient on the same scores and labels,
     * which the loss's pass fills too; null when {@code op} is no loss or none does.
     */
    static IrOp laterGradient(final IrOp op) {
        if (!isLoss(op.kind())) {
            return null;
        }
        var ops = op.block().ops();
        for (int i = ops.indexOf(op) + 1; i < ops.size(); i++) {
            IrOp later = ops.get(i);
            if (later.kind() == gradientOf(op.kind()) && later.input(0) == op.input(0)
                && later.input(1) == op.input(1)) {
                return later;
            }
        }
        return null;
    }

    private static boolean isLoss(final OpKind kind) {
        return kind == OpKind.CROSS_ENTROPY || kind == OpKind.MSE || kind == OpKind.SQUARE_HINGE
            || kind == OpKind.SMOOTH_L1;
    }

    /** The mean loss into the op's scalar, and the gradient of a later op of the block on the same operands. */
    void loss(final Emission e, final IrOp op) {
        IrValue scores = op.input(0);
        IrValue labels = op.input(1);
        IrOp gradient = e.plan().gradientFilledBy(op);
        Object grad = gradient == null ? null : e.array(gradient.output());
        if (gradient != null) {
            filled.add(gradient);
        }
        e.method().storeElement(e.field(op.output()), 0, () -> e.method().invoke(Kernels.LOSS, loss(op.kind()),
            e.array(scores), 0, e.count(), scores.type().shape().intSize(), e.array(labels), 0, grad, 0));
    }

    /** The gradient of the mean loss to the scores, times the incoming scalar g. */
    void gradient(final Emission e, final IrOp op) {
        IrValue scores = op.input(0);
        IrValue g = op.input(2);
        IrValue out = op.output();
        if (!filled.contains(op)) {
            e.method().invoke(Kernels.LOSS, loss(op.kind()), e.array(scores), 0, e.count(),
                scores.type().shape().intSize(), e.array(op.input(1)), 0, e.array(out), 0)
                .pop(org.objectweb.asm.Type.FLOAT_TYPE);
        }
        if (!isOne(g)) {
            e.method().invoke(Kernels.BINARY, BinaryOp.MUL, e.array(out), 0, e.length(out), e.array(g), 0, 1,
                e.array(out), 0, e.length(out));
        }
    }

    private static boolean isOne(final IrValue g) {
        IrOp def = g.definition();
        return def != null && def.kind() == OpKind.CONST && def.attrs(Attrs.Constant.class).value() == 1.0;
    }
}
