package dev.locus.compiler.ir;

import java.util.Arrays;

/**
 * The shape of an IR tensor: its dimensions, row-major. For a batched value it is the shape of one
 * sample (the batch dimension is implicit and leads in memory). A scalar has rank 0.
 */
public final class Shape {
    private final int[] dims;

    private Shape(final int[] dims) {
        this.dims = dims;
    }

    public static Shape of(final int... dims) {
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("a dimension must be at least 1, got " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(final int i) {
        return dims[i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** The number of elements. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** The number of elements, which must fit an int (every shape the checker lets through does). */
    public int intSize() {
        return Math.toIntExact(size());
    }

    /**
     * The output size along one axis of a window op (convolution, pooling): the one formula every
     * stage uses, the checker's shape inference included.
     */
    public static long windowOutput(final long in, final long kernel, final long stride, final long pad) {
        return Math.floorDiv(in + 2 * pad - kernel, stride) + 1;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** As the user writes it: {@code [64, 7, 7]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            out.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return out.append(']').toString();
    }
}
