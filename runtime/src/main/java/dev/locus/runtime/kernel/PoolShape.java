package dev.locus.runtime.kernel;

/**
 * The geometry of max or average pooling on a batch in NCHW layout: windows of
 * {@code size x size} every {@code stride} pixels, no padding; the output is
 * {@code [batch, channels, (height - size) / stride + 1, (width - size) / stride + 1]}.
 */
public record PoolShape(int batch, int channels, int height, int width, int size, int stride) {

    public PoolShape {
        Checks.positive("batch", batch);
        Checks.positive("channels", channels);
        Checks.positive("height", height);
        Checks.positive("width", width);
        Checks.positive("size", size);
        Checks.positive("stride", stride);
        if (size > height || size > width) {
            throw new IllegalArgumentException("pool size " + size + " exceeds the input " + height + "x" + width);
        }
    }

    /** The shape of a call: generated code has no {@code new} of its own, so it asks for one here. */
    public static PoolShape of(final int batch, final int channels, final int height, final int width, final int size,
                               final int stride) {
        return new PoolShape(batch, channels, height, width, size, stride);
    }

    public int outHeight() {
        return (height - size) / stride + 1;
    }

    public int outWidth() {
        return (width - size) / stride + 1;
    }

    /** Input and output planes (one per image and channel). */
    public int planes() {
        return batch * channels;
    }

    public long inputSize() {
        return (long) planes() * height * width;
    }

    public long outputSize() {
        return (long) planes() * outHeight() * outWidth();
    }
}
