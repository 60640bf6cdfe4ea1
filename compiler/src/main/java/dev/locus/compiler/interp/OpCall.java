package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import java.util.List;

/**
 * One op to evaluate, detached from the graph: its kind, the type of its result, its attributes
 * and the values of its inputs (state included, live: an op that writes state writes into them).
 * Tests build these directly to check an op alone.
 */
public record OpCall(OpKind kind, TensorType outType, Attrs attrs, List<Tensor> inputs) {

    public OpCall {
        inputs = List.copyOf(inputs);
    }

    /** An op that takes no attribute. */
    public OpCall(final OpKind kind, final TensorType outType, final List<Tensor> inputs) {
        this(kind, outType, Attrs.NONE, inputs);
    }

    public static OpCall of(final IrOp op, final List<Tensor> inputs) {
        return new OpCall(op.kind(), op.output() == null ? null : op.output().type(), op.attrs(), inputs);
    }

    public Tensor in(final int i) {
        return inputs.get(i);
    }

    /** The attributes as the family {@code type}. */
    public <A extends Attrs> A attrs(final Class<A> type) {
        if (!type.isInstance(attrs)) {
            throw new IllegalStateException(kind + " carries " + attrs + ", not " + type.getSimpleName());
        }
        return type.cast(attrs);
    }
}
