package dev.locus.compiler.check;

import java.util.Arrays;

/** The shape of one sample (the batch dimension is implicit), e.g. [1, 28, 28] or [1024]. */
public final class Shape {
    private final int[] dims;

    private Shape(final int[] dims) {
        this.dims = dims;
    }

    public static Shape of(final int... dims) {
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

    /** Elements per sample. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
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
