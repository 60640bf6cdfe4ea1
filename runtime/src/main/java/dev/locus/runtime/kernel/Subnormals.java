package dev.locus.runtime.kernel;

/**
 * Where the kernels keep subnormal floats out of a network. Java has no flush-to-zero mode, and
 * arithmetic on subnormals takes a slow path in the processor: one subnormal among the inputs of a
 * matrix product slows the whole product. They arise where a training network becomes confident or
 * still: a softmax probability or a loss gradient below 1.2e-38 (feedback alignment's growing
 * activations made FashionMLP's output errors subnormal, and every product of the backward pass and
 * the weight gradients slowed with them, to a quarter), and a dead unit's optimizer moments, which
 * decay by beta at each step into the subnormals and, rounding back up, stay at the smallest one.
 * Written as 0 instead, they change nothing a float network can see: each is below 2^-126.
 */
final class Subnormals {
    private Subnormals() {
    }

    /** Zero for a subnormal float, else {@code x}. */
    static float flush(final float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}
