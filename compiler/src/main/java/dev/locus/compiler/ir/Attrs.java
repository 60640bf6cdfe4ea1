package dev.locus.compiler.ir;

/**
 * The attributes of an op, one record per family; {@link IrVerifier} checks that each op carries
 * the family its {@link OpKind} needs. Records compare by value, so two ops with equal kinds,
 * inputs and attributes compute the same thing (what common subexpression elimination relies on).
 */
public sealed interface Attrs {

    /** The ops that take no attribute. */
    record None() implements Attrs {
    }

    None NONE = new None();

    /** CONV2D and its gradients: the kernel is k x k. */
    record Conv(int stride, int pad, int kernel) implements Attrs {
    }

    /** MAXPOOL, AVGPOOL and their gradients: a size x size window moved by stride. */
    record Pool(int size, int stride) implements Attrs {
    }

    /** CONST. */
    record Constant(double value) implements Attrs {
    }

    /** DROPOUT_MASK: the probability of dropping an element. */
    record Dropout(double p) implements Attrs {
    }

    /** BATCHNORM and its input and scale gradients. */
    record BatchNorm(double eps, double momentum) implements Attrs {
    }

    /**
     * UNIFORM, UNIFORM_LIKE (entries in [-bound, bound]) and NORMAL (deviation {@code bound}), drawn
     * from the stream (seed, layer, key); the output's type gives the rows and columns.
     */
    record Draw(double bound, String key) implements Attrs {
    }

    /** SIGN_CONCORDANT: m * max(0, 1 + spread z), z drawn from the stream (seed, layer, key). */
    record SignConcordant(double spread, String key) implements Attrs {
    }

    /** SLICE_CHANNELS: channels [offset, offset + count). */
    record Slice(int offset, int count) implements Attrs {
    }

    /** ONEHOT. */
    record OneHot(int classes) implements Attrs {
    }

    /** LEAKY_RELU and its gradient: the slope below 0. */
    record Leaky(double slope) implements Attrs {
    }

    /** BROADCAST: with {@code mean}, divided by the number of elements (the gradient of MEAN). */
    record Broadcast(boolean mean) implements Attrs {
    }

    /** APPLY_UPDATE: the optimizer's step, with its hyperparameters. */
    record Update(Optimizer optimizer) implements Attrs {
    }
}
