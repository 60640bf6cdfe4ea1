package dev.locus.compiler.ir;

/**
 * A value of the IR, defined once: by an op (COMPUTED, and FIXED in an INIT block), or as a graph
 * input, parameter or piece of state. {@code layer} is the layer that owns it (null for the
 * minibatch's images and labels and for the training step counter).
 */
public final class IrValue {
    private final int id;
    private final String name;
    private final TensorType type;
    private final ValueRole role;
    private final String layer;
    private final StateKind stateKind;
    private final IrValue stateOf;
    private IrOp definition;

    IrValue(final int id, final String name, final TensorType type, final ValueRole role, final String layer,
            final StateKind stateKind, final IrValue stateOf) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.role = role;
        this.layer = layer;
        this.stateKind = stateKind;
        this.stateOf = stateOf;
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

    /** The kind of state; null unless the role is STATE. */
    public StateKind stateKind() {
        return stateKind;
    }

    /** The parameter whose optimizer state this is; null for any other value. */
    public IrValue stateOf() {
        return stateOf;
    }

    /** The op that computes this value; null unless the role is COMPUTED or FIXED. */
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
