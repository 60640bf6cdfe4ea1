package dev.locus.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A named tensor of doubles: row-major {@code values} of {@code shape}, stored as F64. */
public record NamedDoubles(String name, int[] shape, double[] values) implements CheckpointTensor {

    public NamedDoubles {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        final int size = CheckpointTensor.size(name, shape);
        if (size != values.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + java.util.Arrays.toString(shape)
                + " needs " + size + " values, got " + values.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public DType dtype() {
        return DType.F64;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public void writeTo(final ByteBuffer out) {
        out.asDoubleBuffer().put(values);
        out.position(out.position() + 8 * values.length);
    }

    @Override
    public void copyFrom(final CheckpointTensor source) {
        if (source instanceof NamedDoubles d) {
            System.arraycopy(d.values(), 0, values, 0, values.length);
        } else {
            final float[] from = ((NamedTensor) source).values();
            for (int i = 0; i < values.length; i++) {
                values[i] = from[i];
            }
        }
    }
}
