package dev.locus.compiler.interp;

import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import java.util.List;
import java.util.Map;

/**
 * One op to evaluate, detached from the graph: its kind, the type of its result, its attributes
 * and the values of its inputs. Tests build these directly to check an op alone.
 */
public record OpCall(OpKind kind, TensorType outType, Map<String, Object> attrs, List<Tensor> inputs) {

    public OpCall {
        attrs = Map.copyOf(attrs);
        inputs = List.copyOf(inputs);
    }

    public static OpCall of(final IrOp op, final List<Tensor> inputs) {
        return new OpCall(op.kind(), op.output() == null ? null : op.output().type(), op.attrs(), inputs);
    }

    public Tensor in(final int i) {
        return inputs.get(i);
    }

    public int intAttr(final String name) {
        return ((Number) attr(name)).intValue();
    }

    public double doubleAttr(final String name) {
        return ((Number) attr(name)).doubleValue();
    }

    public String stringAttr(final String name) {
        return (String) attr(name);
    }

    private Object attr(final String name) {
        Object v = attrs.get(name);
        if (v == null) {
            throw new IllegalStateException(kind + " has no attribute `" + name + "`");
        }
        return v;
    }
}
