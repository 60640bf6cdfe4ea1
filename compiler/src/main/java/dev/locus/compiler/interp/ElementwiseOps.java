package dev.locus.compiler.interp;

import dev.locus.compiler.ir.TensorType;
import java.util.function.DoubleBinaryOperator;

/**
 * The arithmetic of rule expressions: broadcasting binary ops, per-sample softmax, one-hot
 * labels, whole-tensor reductions, and the two ops that move a gradient between a value's type
 * and a broadcast operand's (BROADCAST and REDUCE_TO).
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    /**
     * a op b where each side has the output's type, or is a scalar (one element for the whole
     * batch), or is an unbatched tensor of the sample shape (the same for every sample).
     */
    static Tensor binary(final Tensor a, final Tensor b, final TensorType outType, final int batch,
                         final DoubleBinaryOperator f) {
        Tensor out = Tensor.zeros(outType, batch);
        int size = out.sampleSize();
        requireBroadcastable(a, size, outType);
        requireBroadcastable(b, size, outType);
        double[] o = out.data();
        for (int s = 0; s < out.samples(); s++) {
            for (int i = 0; i < size; i++) {
                o[out.offset(s) + i] = f.applyAsDouble(element(a, s, i), element(b, s, i));
            }
        }
        return out;
    }

    private static void requireBroadcastable(final Tensor t, final int size, final TensorType outType) {
        if (t.sampleSize() != 1 && t.sampleSize() != size) {
            throw new IllegalArgumentException("cannot broadcast " + t.type() + " to " + outType);
        }
    }

    /** Element i of sample s of a broadcast operand. */
    private static double element(final Tensor t, final int s, final int i) {
        return t.get(t.offset(s) + (t.sampleSize() == 1 ? 0 : i));
    }

    /** Softmax over each sample's elements (over the whole tensor if it is unbatched). */
    static Tensor softmax(final Tensor x, final boolean log) {
        Tensor out = Tensor.zeros(x.type(), x.samples());
        int n = x.sampleSize();
        for (int s = 0; s < x.samples(); s++) {
            int base = x.offset(s);
            double lse = logSumExp(x.data(), base, n);
            for (int i = 0; i < n; i++) {
                double logp = x.get(base + i) - lse;
                out.data()[base + i] = log ? logp : Math.exp(logp);
            }
        }
        return out;
    }

    /** log(sum exp(v)) over {@code n} values from {@code from}, shifted by the maximum so that exp cannot overflow. */
    static double logSumExp(final double[] v, final int from, final int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[from + i]);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(v[from + i] - max);
        }
        return max + Math.log(sum);
    }

    static Tensor onehot(final Tensor labels, final TensorType outType, final int classes) {
        Tensor out = Tensor.zeros(outType, labels.samples());
        for (int s = 0; s < labels.samples(); s++) {
            out.data()[out.offset(s) + label(labels, s, classes)] = 1;
        }
        return out;
    }

    /** Sample s's label, checked to be a class. */
    static int label(final Tensor labels, final int s, final int classes) {
        double v = labels.get(labels.offset(s));
        int label = (int) v;
        if (label != v || label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + v + " of sample " + s + " is not a class in [0, " + classes + ")");
        }
        return label;
    }

    static Tensor sum(final Tensor x, final boolean mean) {
        double sum = 0;
        for (double v : x.data()) {
            sum += v;
        }
        return Tensor.scalar(mean ? sum / x.data().length : sum);
    }

    /**
     * The scalar g at every element of the output's type: the gradient of SUM. With the attribute
     * {@code mean} (the gradient of MEAN), g divided by the number of elements, batch included.
     */
    static Tensor broadcast(final Tensor g, final TensorType outType, final int batch, final boolean mean) {
        Tensor out = Tensor.zeros(outType, batch);
        java.util.Arrays.fill(out.data(), mean ? g.scalarValue() / out.data().length : g.scalarValue());
        return out;
    }

    /**
     * g summed down to the output's type: over the batch when the output is an unbatched tensor
     * of the sample shape, over everything when it is one element, a copy when the types agree.
     */
    static Tensor reduceTo(final Tensor g, final TensorType outType, final int batch) {
        Tensor out = Tensor.zeros(outType, batch);
        int size = out.sampleSize();
        if (size != 1 && size != g.sampleSize()) {
            throw new IllegalArgumentException("cannot reduce " + g.type() + " to " + outType);
        }
        for (int s = 0; s < g.samples(); s++) {
            for (int i = 0; i < g.sampleSize(); i++) {
                out.data()[out.offset(s) + (size == 1 ? 0 : i)] += g.get(g.offset(s) + i);
            }
        }
        return out;
    }
}
