package dev.locus.compiler.ir;

import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The ops of one layer for one purpose: its forward pass, its update (the rule's section with
 * its gradients and the optimizer step), or the drawing of its fixed tensors (run once).
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

    /** Appends an op defining a new value of {@code type}. */
    public IrValue op(final OpKind kind, final String name, final TensorType type, final List<IrValue> inputs,
                      final Map<String, Object> attrs, final Span origin) {
        IrValue out = graph.newValue(name, type, ValueRole.COMPUTED, layer);
        IrOp op = new IrOp(kind, inputs, out, attrs, origin, this);
        out.define(op);
        ops.add(op);
        return out;
    }

    /** Appends an op with no result (APPLY_UPDATE). */
    public void effect(final OpKind kind, final List<IrValue> inputs, final Span origin) {
        ops.add(new IrOp(kind, inputs, null, Map.of(), origin, this));
    }

    @Override
    public String toString() {
        return name();
    }
}
