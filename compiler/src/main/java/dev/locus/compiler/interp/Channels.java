package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Shape;

/**
 * How a sample splits into channels: axis 0 of the sample shape is the channel (the feature of
 * an [n] tensor), and every channel holds {@code inner} contiguous elements (h × w for [c, h, w]).
 * Biases and batch normalization work per channel this way.
 */
record Channels(int count, int inner) {

    static Channels of(final Shape shape) {
        if (shape.rank() == 0) {
            return new Channels(1, 1);
        }
        int count = shape.dim(0);
        return new Channels(count, (int) (shape.size() / count));
    }
}
