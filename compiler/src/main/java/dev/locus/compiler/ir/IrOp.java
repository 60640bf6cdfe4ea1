package dev.locus.compiler.ir;

import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One operation: its kind, inputs, the value it defines (null for APPLY_UPDATE), attributes,
 * and where it came from: the source span of the op or rule statement that caused it, so that
 * anything said about a synthesised op points at the user's line. Passes change its inputs only
 * through {@link IrGraph#replaceAllUses}.
 */
public final class IrOp {
    private final OpKind kind;
    private final List<IrValue> inputs;
    private final IrValue output;
    private final Attrs attrs;
    private final Span origin;
    private final IrBlock block;

    IrOp(final OpKind kind, final List<IrValue> inputs, final IrValue output, final Attrs attrs, final Span origin,
         final IrBlock block) {
        this.kind = kind;
        this.inputs = new ArrayList<>(inputs);
        this.output = output;
        this.attrs = java.util.Objects.requireNonNull(attrs, "attributes");
        this.origin = origin;
        this.block = block;
    }

    public OpKind kind() {
        return kind;
    }

    public List<IrValue> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public IrValue input(final int i) {
        return inputs.get(i);
    }

    void replaceInput(final IrValue old, final IrValue replacement) {
        inputs.replaceAll(v -> v == old ? replacement : v);
    }

    public IrValue output() {
        return output;
    }

    public Attrs attrs() {
        return attrs;
    }

    /** The attributes as the family {@code type}, which the op's kind must carry. */
    public <A extends Attrs> A attrs(final Class<A> type) {
        if (!type.isInstance(attrs)) {
            throw new IllegalStateException(kind + " carries " + attrs + ", not " + type.getSimpleName());
        }
        return type.cast(attrs);
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
                + (attrs instanceof Attrs.None ? "" : " " + attrs);
    }
}
