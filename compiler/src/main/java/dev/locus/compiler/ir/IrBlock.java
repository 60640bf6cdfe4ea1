package dev.locus.compiler.ir;

import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ops of one layer for one purpose: its forward pass, its update (the rule's section with
 * its gradients and the optimizer step), or the drawing of its fixed tensors (run once). Ops run
 * in the order of the list; passes insert and remove them (and {@link IrVerifier} checks the
 * result).
 */
public final class IrBlock {
    public enum Kind { INIT, FORWARD, UPDATE }

    private final IrGraph graph;
    private final String layer;
    private final int layerIndex;
    private final Kind kind;
    private final List<IrOp> ops = new ArrayList<>();

    IrBlock(final IrGraph graph, final String layer, final int layerIndex, final Kind kind) {
        this.graph = graph;
        this.layer = layer;
        this.layerIndex = layerIndex;
        this.kind = kind;
    }

    public String layer() {
        return layer;
    }

    /** The layer's position in the network, from 0 (the first layer) to the output layer's. */
    public int layerIndex() {
        return layerIndex;
    }

    public Kind kind() {
        return kind;
    }

    public List<IrOp> ops() {
        return Collections.unmodifiableList(ops);
    }

    public String name() {
        return layer + "." + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Appends an op defining a new value of {@code type} (FIXED in an INIT block, else COMPUTED). */
    public IrValue op(final OpKind kind, final String name, final TensorType type, final List<IrValue> inputs,
                      final Attrs attrs, final Span origin) {
        return insert(ops.size(), kind, name, type, inputs, attrs, origin);
    }

    /** Appends an op that takes no attribute. */
    public IrValue op(final OpKind kind, final String name, final TensorType type, final List<IrValue> inputs,
                      final Span origin) {
        return op(kind, name, type, inputs, Attrs.NONE, origin);
    }

    /** Inserts an op at {@code index} of the block, defining a new value. */
    public IrValue insert(final int index, final OpKind kind, final String name, final TensorType type,
                          final List<IrValue> inputs, final Attrs attrs, final Span origin) {
        IrValue out = graph.newValue(name, type, this.kind == Kind.INIT ? ValueRole.FIXED : ValueRole.COMPUTED, layer,
                null, null);
        IrOp op = new IrOp(kind, inputs, out, attrs, origin, this);
        out.define(op);
        ops.add(index, op);
        return out;
    }

    /** Appends an op with no result (APPLY_UPDATE). */
    public IrOp effect(final OpKind kind, final List<IrValue> inputs, final Attrs attrs, final Span origin) {
        IrOp op = new IrOp(kind, inputs, null, attrs, origin, this);
        ops.add(op);
        return op;
    }

    /** Where {@code op} is in the block, or -1. */
    public int indexOf(final IrOp op) {
        return ops.indexOf(op);
    }

    /**
     * Removes {@code op}; the value it defined leaves the graph with it, so nothing may read that
     * value any more (replace its uses first).
     */
    public void remove(final IrOp op) {
        if (op.block() != this || !ops.contains(op)) {
            throw new IllegalArgumentException(op + " is not an op of " + this);
        }
        if (op.output() != null) {
            List<IrOp> uses = graph.uses(op.output());
            if (!uses.isEmpty() || graph.isResult(op.output())) {
                throw new IllegalStateException("cannot remove " + op + ": its value is still read by " + uses
                        + (graph.isResult(op.output()) ? " and is a result of the graph" : ""));
            }
            graph.forget(op.output());
        }
        ops.remove(op);
    }

    @Override
    public String toString() {
        return name();
    }
}
