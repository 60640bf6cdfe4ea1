package dev.locus.runtime.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named parameter tensor: row-major {@code values} of {@code shape}. Models hand out their
 * live arrays this way, so restoring a checkpoint writes straight into them.
 */
public record NamedTensor(String name, int[] shape, float[] values) {

    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        long size = 1;
        for (final int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs "
                + size + " values, got " + values.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The shape as written in messages: {@code [1024, 784]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
