package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.TensorType;

/**
 * One method being emitted, as the op emitters see it: its {@link MethodEmitter}, the plan of
 * where values live, and the method's {@code count} (the samples of this batch; none in
 * {@code initializeParameters}, where nothing is batched).
 */
final class Emission {
    private final MethodEmitter method;
    private final BufferPlan plan;
    private final Local count;
    private int temporaries;

    Emission(final MethodEmitter method, final BufferPlan plan, final Local count) {
        this.method = method;
        this.plan = plan;
        this.count = count;
    }

    MethodEmitter method() {
        return method;
    }

    BufferPlan plan() {
        return plan;
    }

    /** The argument that loads {@code v}'s array: a field of the class, or the images or labels argument. */
    Object array(final IrValue v) {
        BufferPlan.Storage s = plan.storage(v);
        return s.field() != null ? s.field() : method.local(s.argument());
    }

    FieldRef field(final IrValue v) {
        return plan.field(v);
    }

    /** The number of floats of {@code v} in this batch: {@code count * size} when batched. */
    Object length(final IrValue v) {
        return length(v.type());
    }

    Object length(final TensorType t) {
        return scaled(t.batched(), t.shape().intSize());
    }

    /** {@code count * factor} when {@code batched}, else the constant {@code factor}. */
    Object scaled(final boolean batched, final int factor) {
        if (!batched) {
            return factor;
        }
        return new Scaled(count(), factor);
    }

    /** The samples of this batch: count when {@code v} is batched, else 1. */
    Object samples(final IrValue v) {
        return scaled(v.type().batched(), 1);
    }

    Local count() {
        if (count == null) {
            throw new IllegalStateException("no batch here: initializeParameters computes only unbatched tensors");
        }
        return count;
    }

    /** A new temporary local of {@code method}. */
    Local temporary(final String what, final org.objectweb.asm.Type type) {
        return method.newLocal(what + "$" + temporaries++, type);
    }
}
