package dev.locus.compiler.interp;

import dev.locus.compiler.ir.TensorType;
import java.util.Arrays;

/**
 * A value of the IR during interpretation: row-major doubles of {@code type}, with the batch
 * leading when the type is batched. Doubles throughout, so that finite differences with a step
 * of 1e-6 still measure the derivative and not the rounding.
 */
public final class Tensor {
    private final TensorType type;
    private final int batch;
    private final double[] data;

    private Tensor(final TensorType type, final int batch, final double[] data) {
        this.type = type;
        this.batch = type.batched() ? batch : 1;
        this.data = data;
        long expected = (long) this.batch * type.shape().size();
        if (data.length != expected) {
            throw new IllegalArgumentException("a tensor of " + type + " with batch " + this.batch + " needs "
                + expected + " values, got " + data.length);
        }
    }

    /** Zeros of {@code type}; {@code batch} counts the samples and is ignored for an unbatched type. */
    public static Tensor zeros(final TensorType type, final int batch) {
        int samples = type.batched() ? batch : 1;
        return new Tensor(type, batch, new double[Math.toIntExact(samples * type.shape().size())]);
    }

    /** Wraps {@code data} (not copied): batch × the shape's size values, or the shape's size if unbatched. */
    public static Tensor of(final TensorType type, final int batch, final double[] data) {
        return new Tensor(type, batch, data);
    }

    public static Tensor scalar(final double value) {
        return new Tensor(TensorType.scalar(), 1, new double[] {value});
    }

    public TensorType type() {
        return type;
    }

    /** The number of samples: the batch for a batched tensor, 1 otherwise. */
    public int samples() {
        return batch;
    }

    public boolean batched() {
        return type.batched();
    }

    /** Elements of one sample (of the whole tensor if unbatched). */
    public int sampleSize() {
        return (int) type.shape().size();
    }

    /** Where sample {@code s} starts; an unbatched tensor is the same for every sample. */
    public int offset(final int s) {
        return type.batched() ? s * sampleSize() : 0;
    }

    /** The live values. */
    public double[] data() {
        return data;
    }

    public double get(final int i) {
        return data[i];
    }

    /** The value of a scalar (or of any one-element tensor). */
    public double scalarValue() {
        if (data.length != 1) {
            throw new IllegalStateException("not a scalar: " + type + " with " + data.length + " values");
        }
        return data[0];
    }

    public Tensor copy() {
        return new Tensor(type, batch, data.clone());
    }

    @Override
    public String toString() {
        return type + (type.batched() ? " (batch " + batch + ")" : "") + " "
            + (data.length <= 16 ? Arrays.toString(data) : data.length + " values");
    }
}
