package dev.locus.compiler.ir;

/**
 * A value of the IR, defined once: by an op (COMPUTED), or as a graph input, parameter or fixed
 * tensor. {@code layer} is the layer that owns it (null for the minibatch's images and labels).
 */
public final class IrValue {
    private final int id;
    private final String name;
    private final TensorType type;
    private final ValueRole role;
    private final String layer;
    private IrOp definition;

    IrValue(final int id, final String name, final TensorType type, final ValueRole role, final String layer) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.role = role;
        this.layer = layer;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public TensorType type() {
        return type;
    }

    public ValueRole role() {
        return role;
    }

    public String layer() {
        return layer;
    }

    /** The op that computes this value; null unless the role is COMPUTED. */
    public IrOp definition() {
        return definition;
    }

    void define(final IrOp op) {
        if (definition != null) {
            throw new IllegalStateException("%" + id + " " + name + " is already defined by " + definition.kind());
        }
        definition = op;
    }

    @Override
    public String toString() {
        return "%" + id + ":" + name;
    }
}
