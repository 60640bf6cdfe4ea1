package dev.locus.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A named tensor of floats: row-major {@code values} of {@code shape}, stored as F32. */
public record NamedTensor(String name, int[] shape, float[] values) implements CheckpointTensor {

    public NamedTensor {
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
        return DType.F32;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public void writeTo(final ByteBuffer out) {
        out.asFloatBuffer().put(values);
        out.position(out.position() + 4 * values.length);
    }

    @Override
    public void copyFrom(final CheckpointTensor source) {
        if (source instanceof NamedTensor f) {
            System.arraycopy(f.values(), 0, values, 0, values.length);
        } else {
            final double[] from = ((NamedDoubles) source).values();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) from[i];
            }
        }
    }
}
