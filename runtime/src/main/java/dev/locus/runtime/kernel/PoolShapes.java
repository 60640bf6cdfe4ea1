package dev.locus.runtime.kernel;

/**
 * One pooling's {@link PoolShape} for every batch size from 1 to a capacity, made once (in a
 * generated network's constructor), so that a training step, whose last batch may be smaller,
 * finds its shape without allocating one.
 */
public final class PoolShapes {
    private final PoolShape[] byBatch;

    private PoolShapes(final PoolShape[] byBatch) {
        this.byBatch = byBatch;
    }

    /** The shapes of {@code size x size} windows every {@code stride} pixels for batches of 1 to {@code capacity}. */
    public static PoolShapes upTo(final int capacity, final int channels, final int height, final int width,
                                  final int size, final int stride) {
        Checks.positive("capacity", capacity);
        PoolShape[] shapes = new PoolShape[capacity + 1];
        for (int b = 1; b <= capacity; b++) {
            shapes[b] = PoolShape.of(b, channels, height, width, size, stride);
        }
        return new PoolShapes(shapes);
    }

    /** The shape for a batch of {@code batch} images, between 1 and the capacity. */
    public static PoolShape forBatch(final PoolShapes shapes, final int batch) {
        if (batch < 1 || batch >= shapes.byBatch.length) {
            throw new IllegalArgumentException("batch must be between 1 and " + (shapes.byBatch.length - 1) + ", got "
                    + batch);
        }
        return shapes.byBatch[batch];
    }
}
