package dev.locus.compiler.ir;

import dev.locus.compiler.check.Shape;

/**
 * The type of an IR value: a tensor of {@code shape}, one per sample when {@code batched} (the
 * batch dimension is implicit and leads in memory: row-major [batch, shape...]), or a single
 * tensor (parameters, fixed tensors, scalars). A scalar is an unbatched tensor of rank 0.
 */
public record TensorType(boolean batched, Shape shape) {

    public static TensorType scalar() {
        return new TensorType(false, Shape.of());
    }

    public static TensorType perSample(final Shape shape) {
        return new TensorType(true, shape);
    }

    public static TensorType single(final Shape shape) {
        return new TensorType(false, shape);
    }

    public boolean isScalar() {
        return !batched && shape.rank() == 0;
    }

    @Override
    public String toString() {
        return (batched ? "B x " : "") + shape;
    }
}
