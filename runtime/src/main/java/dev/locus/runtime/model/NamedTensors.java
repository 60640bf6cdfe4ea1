package dev.locus.runtime.model;

import dev.locus.runtime.checkpoint.NamedTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The tensors of one kind (parameters, or training state) a network registered, in registration order. */
final class NamedTensors {
    private final List<NamedTensor> tensors = new ArrayList<>();

    /** A zeroed tensor of {@code shape} named {@code name}, registered and returned as its live array. */
    float[] add(final String name, final int[] shape) {
        long size = 1;
        for (final int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor " + name + " has a dimension below 1: "
                    + Arrays.toString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape)
                    + " has more values than a Java array can hold");
            }
        }
        final float[] values = new float[(int) size];
        tensors.add(new NamedTensor(name, shape, values));
        return values;
    }

    boolean has(final String name) {
        for (final NamedTensor t : tensors) {
            if (t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        for (final NamedTensor t : tensors) {
            Arrays.fill(t.values(), 0f);
        }
    }

    List<NamedTensor> list() {
        return List.copyOf(tensors);
    }
}
