package dev.locus.runtime.kernel;

/**
 * The geometry of a 2-D convolution on a batch in NCHW layout: input
 * {@code [batch, channelsIn, height, width]}, weights {@code [channelsOut, channelsIn, kernelH, kernelW]},
 * output {@code [batch, channelsOut, outHeight, outWidth]}, the same stride and zero padding on
 * both axes. Made once per layer, so a kernel call allocates nothing.
 */
public record ConvShape(int batch, int channelsIn, int height, int width, int channelsOut, int kernelH,
                        int kernelW, int stride, int pad) {

    public ConvShape {
        Checks.positive("batch", batch);
        Checks.positive("channelsIn", channelsIn);
        Checks.positive("height", height);
        Checks.positive("width", width);
        Checks.positive("channelsOut", channelsOut);
        Checks.positive("kernelH", kernelH);
        Checks.positive("kernelW", kernelW);
        Checks.positive("stride", stride);
        Checks.nonNegative("pad", pad);
        if (height + 2 * pad < kernelH || width + 2 * pad < kernelW) {
            throw new IllegalArgumentException("kernel " + kernelH + "x" + kernelW + " does not fit the padded input "
                    + (height + 2 * pad) + "x" + (width + 2 * pad));
        }
    }

    /** A square kernel with the given stride and padding. */
    public static ConvShape of(final int batch, final int channelsIn, final int height, final int width,
                               final int channelsOut, final int kernel, final int stride, final int pad) {
        return new ConvShape(batch, channelsIn, height, width, channelsOut, kernel, kernel, stride, pad);
    }

    public int outHeight() {
        return (height + 2 * pad - kernelH) / stride + 1;
    }

    public int outWidth() {
        return (width + 2 * pad - kernelW) / stride + 1;
    }

    /** Rows of the unfolded input: one per weight of an output channel. */
    public int patchSize() {
        return channelsIn * kernelH * kernelW;
    }

    public int inputImageSize() {
        return channelsIn * height * width;
    }

    public int outputImageSize() {
        return channelsOut * outHeight() * outWidth();
    }

    public long inputSize() {
        return (long) batch * inputImageSize();
    }

    public long outputSize() {
        return (long) batch * outputImageSize();
    }

    public int weightSize() {
        return channelsOut * patchSize();
    }

    /** Multiply-adds of one pass (forward, or either backward pass) over the batch. */
    public long multiplyAdds() {
        return (long) batch * channelsOut * patchSize() * outHeight() * outWidth();
    }
}
