package dev.locus.runtime.kernel;

/**
 * One convolution's {@link ConvShape} for every batch size from 1 to a capacity, made once (in a
 * generated network's constructor), so that a training step, whose last batch may be smaller,
 * finds its shape without allocating one.
 */
public final class ConvShapes {
    private final ConvShape[] byBatch;

    private ConvShapes(final ConvShape[] byBatch) {
        this.byBatch = byBatch;
    }

    /** The shapes of a square kernel (as {@link ConvShape#of}) for batches of 1 to {@code capacity}. */
    public static ConvShapes upTo(final int capacity, final int channelsIn, final int height, final int width,
                                  final int channelsOut, final int kernel, final int stride, final int pad) {
        Checks.positive("capacity", capacity);
        ConvShape[] shapes = new ConvShape[capacity + 1];
        for (int b = 1; b <= capacity; b++) {
            shapes[b] = ConvShape.of(b, channelsIn, height, width, channelsOut, kernel, stride, pad);
        }
        return new ConvShapes(shapes);
    }

    /** The shape for a batch of {@code batch} images, between 1 and the capacity. */
    public static ConvShape forBatch(final ConvShapes shapes, final int batch) {
        if (batch < 1 || batch >= shapes.byBatch.length) {
            throw new IllegalArgumentException("batch must be between 1 and " + (shapes.byBatch.length - 1) + ", got "
                    + batch);
        }
        return shapes.byBatch[batch];
    }
}
