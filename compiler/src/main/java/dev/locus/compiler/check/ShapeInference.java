package dev.locus.compiler.check;

import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.Span;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The output shape of each built-in op for a given input shape, or a diagnostic that names the
 * layer and the op and gives the required and the found shapes.
 */
public final class ShapeInference {
    private final Diagnostics diagnostics;

    ShapeInference(final Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Output size of a convolution or pooling window along one axis (floor mode), possibly <= 0. */
    public static long windowOutput(final long in, final long kernel, final long stride, final long pad) {
        return dev.locus.compiler.ir.Shape.windowOutput(in, kernel, stride, pad);
    }

    /**
     * Every shape this returns has at most {@link TensorLimit#MAX_ELEMENTS} elements, and every
     * op it accepts has at most as many parameters in each of its tensors.
     */
    Optional<Shape> infer(final LayerOp op, final Shape in, final String layer, final String opText, final Span at) {
        if (op instanceof LayerOp.Dense d) {
            if (in.rank() != 1) {
                return fail(Code.SHAPE_MISMATCH, at, layer, "dense expects a flat input [n], got " + in
                        + "; add `flatten` before it");
            }
            BigInteger weights = TensorLimit.product(in.dim(0), d.units());
            if (!TensorLimit.fits(weights)) {
                return tooLarge(at, layer, opText + " has a weight matrix " + TensorLimit.dims(in.dim(0), d.units())
                        + " of " + TensorLimit.tooMany(weights, "parameters"));
            }
            return Optional.of(Shape.of(d.units()));
        }
        if (op instanceof LayerOp.Conv2d c) {
            if (in.rank() != 3) {
                return fail(Code.SHAPE_MISMATCH, at, layer, "conv2d expects an input [c, h, w], got " + in);
            }
            BigInteger weights = TensorLimit.product(c.channels(), in.dim(0), c.kernel(), c.kernel());
            if (!TensorLimit.fits(weights)) {
                return tooLarge(at, layer, opText + " has a kernel " + TensorLimit.dims(c.channels(), in.dim(0),
                        c.kernel(), c.kernel()) + " of " + TensorLimit.tooMany(weights, "parameters"));
            }
            return window(in, c.channels(), c.kernel(), c.stride(), c.pad(), layer, opText, at);
        }
        if (op instanceof LayerOp.Pool p) {
            String name = p.max() ? "maxpool" : "avgpool";
            if (in.rank() != 3) {
                return fail(Code.SHAPE_MISMATCH, at, layer, name + " expects an input [c, h, w], got " + in);
            }
            return window(in, in.dim(0), p.size(), p.stride(), 0, layer, opText, at);
        }
        if (op instanceof LayerOp.Flatten) {
            return Optional.of(Shape.of((int) in.size())); // as many elements as its input, which fits
        }
        if (op instanceof LayerOp.BatchNorm && in.rank() != 1 && in.rank() != 3) {
            return fail(Code.SHAPE_MISMATCH, at, layer, "batchnorm expects [n] or [c, h, w], got " + in);
        }
        return Optional.of(in);
    }

    /**
     * A convolution's or a pooling's output; {@code channels} are the output channels (a pooling's
     * are its input's, and it never has more outputs than inputs).
     */
    private Optional<Shape> window(final Shape in, final int channels, final int kernel, final int stride,
                                   final int pad, final String layer, final String opText, final Span at) {
        long h = windowOutput(in.dim(1), kernel, stride, pad);
        long w = windowOutput(in.dim(2), kernel, stride, pad);
        if (h < 1 || w < 1) {
            String padded = pad == 0 ? "" : " padded by " + pad;
            return fail(Code.SHAPE_EMPTY, at, layer, opText + " needs an input of at least " + kernel + "x" + kernel
                    + padded + ", got " + in + " (the output would be empty)");
        }
        BigInteger size = TensorLimit.product(channels, h, w);
        if (!TensorLimit.fits(size)) {
            return tooLarge(at, layer, opText + " gives " + TensorLimit.dims(channels, h, w) + ": "
                    + TensorLimit.tooMany(size, "elements per sample"));
        }
        return Optional.of(Shape.of(channels, (int) h, (int) w));
    }

    private Optional<Shape> tooLarge(final Span at, final String layer, final String message) {
        diagnostics.error(Code.PARAMETER_COUNT, at, "layer `" + layer + "`: " + message);
        return Optional.empty();
    }

    private Optional<Shape> fail(final Code code, final Span at, final String layer, final String message) {
        diagnostics.error(code, at, message + " (layer `" + layer + "`)");
        return Optional.empty();
    }
}
