package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Shape;

/** The sizes of a convolution: input [cin, h, w], weights [cout, cin, k, k], output [cout, oh, ow]. */
record ConvGeometry(int cin, int h, int w, int cout, int k, int oh, int ow) {

    static ConvGeometry of(final Shape input, final Shape weights, final Shape output, final int stride, final int pad) {
        ConvGeometry g = new ConvGeometry(input.dim(0), input.dim(1), input.dim(2), weights.dim(0), weights.dim(2),
            output.dim(1), output.dim(2));
        if (weights.dim(1) != g.cin || output.dim(0) != g.cout
            || g.oh != Shape.windowOutput(g.h, g.k, stride, pad)
            || g.ow != Shape.windowOutput(g.w, g.k, stride, pad)) {
            throw new IllegalArgumentException("conv2d of " + input + " by " + weights + " with stride " + stride
                + " and pad " + pad + " cannot give " + output);
        }
        return g;
    }

    int weightIndex(final int co, final int ci, final int ky, final int kx) {
        return ((co * cin + ci) * k + ky) * k + kx;
    }
}
