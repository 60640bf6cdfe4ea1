package dev.locus.compiler.ir;

/**
 * The type of an IR value: a tensor of {@code shape} with elements of {@code element}, one per
 * sample when {@code batched} (the batch dimension is implicit and leads in memory: row-major
 * [batch, shape...]), or a single tensor (parameters, fixed tensors, state, scalars). A scalar is
 * an unbatched tensor of rank 0.
 */
public record TensorType(boolean batched, Shape shape, ElementType element) {

    /** A float tensor. */
    public TensorType(final boolean batched, final Shape shape) {
        this(batched, shape, ElementType.FLOAT32);
    }

    public static TensorType scalar() {
        return new TensorType(false, Shape.of());
    }

    public static TensorType perSample(final Shape shape) {
        return new TensorType(true, shape);
    }

    public static TensorType single(final Shape shape) {
        return new TensorType(false, shape);
    }

    /** The labels of a minibatch: one integer class per sample. */
    public static TensorType labels() {
        return new TensorType(true, Shape.of(), ElementType.INT32);
    }

    /** A counter: one integer. */
    public static TensorType counter() {
        return new TensorType(false, Shape.of(), ElementType.INT32);
    }

    public boolean isScalar() {
        return !batched && shape.rank() == 0;
    }

    @Override
    public String toString() {
        return (batched ? "B x " : "") + shape + (element == ElementType.INT32 ? " int32" : "");
    }
}
