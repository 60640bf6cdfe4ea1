package dev.locus.compiler.ir;

import dev.locus.compiler.check.Shape;
import dev.locus.compiler.source.Span;
import java.util.List;
import java.util.Map;

/**
 * One operation: its kind, inputs, the value it defines (null for APPLY_UPDATE), attributes,
 * and where it came from: the source span of the op or rule statement that caused it, so that
 * anything said about a synthesised op points at the user's line.
 */
public final class IrOp {
    private final OpKind kind;
    private final List<IrValue> inputs;
    private final IrValue output;
    private final Map<String, Object> attrs;
    private final Span origin;
    private final IrBlock block;

    IrOp(final OpKind kind, final List<IrValue> inputs, final IrValue output, final Map<String, Object> attrs,
         final Span origin, final IrBlock block) {
        this.kind = kind;
        this.inputs = List.copyOf(inputs);
        this.output = output;
        this.attrs = Map.copyOf(attrs);
        this.origin = origin;
        this.block = block;
    }

    public OpKind kind() {
        return kind;
    }

    public List<IrValue> inputs() {
        return inputs;
    }

    public IrValue input(final int i) {
        return inputs.get(i);
    }

    public IrValue output() {
        return output;
    }

    public Map<String, Object> attrs() {
        return attrs;
    }

    public int intAttr(final String name) {
        return ((Number) require(name)).intValue();
    }

    public double doubleAttr(final String name) {
        return ((Number) require(name)).doubleValue();
    }

    public String stringAttr(final String name) {
        return (String) require(name);
    }

    public Shape shapeAttr(final String name) {
        return (Shape) require(name);
    }

    private Object require(final String name) {
        Object v = attrs.get(name);
        if (v == null) {
            throw new IllegalStateException(kind + " has no attribute `" + name + "`");
        }
        return v;
    }

    public Span origin() {
        return origin;
    }

    public IrBlock block() {
        return block;
    }

    @Override
    public String toString() {
        return (output == null ? "" : output + " = ") + kind.name().toLowerCase(java.util.Locale.ROOT) + inputs
                + (attrs.isEmpty() ? "" : " " + attrs);
    }
}
