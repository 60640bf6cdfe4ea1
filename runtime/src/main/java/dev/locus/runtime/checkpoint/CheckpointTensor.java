package dev.locus.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A named tensor that a checkpoint holds: row-major values of a shape, as floats
 * ({@link NamedTensor}) or doubles ({@link NamedDoubles}). Models hand out their live arrays this
 * way, so that writing a checkpoint reads them and restoring one writes straight into them.
 */
public sealed interface CheckpointTensor permits NamedTensor, NamedDoubles {

    String name();

    /** The dimensions, row-major; {@code []} for a scalar. */
    int[] shape();

    DType dtype();

    /** The number of elements. */
    int size();

    /** Appends the values, little-endian, to {@code out}. */
    void writeTo(ByteBuffer out);

    /** The shape as written in messages: {@code [1024, 784]}. */
    default String shapeText() {
        return Arrays.toString(shape());
    }

    /**
     * Copies the values of {@code source}, of the same shape, into this tensor: exactly when the
     * types agree, widened from F32 to F64, or rounded to nearest from F64 to F32.
     */
    void copyFrom(CheckpointTensor source);

    /** Checks a shape and returns its number of elements. */
    static int size(final String name, final int[] shape) {
        long size = 1;
        for (final int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape)
                    + " has more values than a Java array can hold");
            }
        }
        return (int) size;
    }
}
