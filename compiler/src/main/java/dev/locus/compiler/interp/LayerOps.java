package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.TensorType;
import dev.locus.runtime.random.SeededRandom;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The forward ops of layers: matrix product, bias, convolution, pooling, reshaping,
 * concatenation, activations, dropout masks and batch normalization. Plain loops over row-major
 * data; an unbatched operand reads offset 0 for every sample, so one loop serves both cases.
 */
final class LayerOps {
    private LayerOps() {
    }

    /** x [k] or [r, k] times m [k, n]; either side may be per sample. */
    static Tensor matmul(final Tensor x, final Tensor m, final TensorType outType, final int batch) {
        int k = m.type().shape().dim(0);
        int n = m.type().shape().dim(1);
        int rows = x.sampleSize() / k;
        Tensor out = Tensor.zeros(outType, batch);
        double[] xd = x.data();
        double[] md = m.data();
        double[] o = out.data();
        for (int s = 0; s < out.samples(); s++) {
            int xo = x.offset(s);
            int mo = m.offset(s);
            int oo = out.offset(s);
            for (int i = 0; i < rows; i++) {
                for (int p = 0; p < k; p++) {
                    double a = xd[xo + i * k + p];
                    for (int j = 0; j < n; j++) {
                        o[oo + i * n + j] += a * md[mo + p * n + j];
                    }
                }
            }
        }
        return out;
    }

    /** y + b, b [c] added to every element of channel c. */
    static Tensor addBias(final Tensor y, final Tensor b, final TensorType outType) {
        Channels ch = Channels.of(outType.shape());
        Tensor out = Tensor.zeros(outType, y.samples());
        double[] o = out.data();
        double[] yd = y.data();
        for (int s = 0; s < out.samples(); s++) {
            int base = out.offset(s);
            for (int c = 0; c < ch.count(); c++) {
                double bias = b.get(b.offset(s) + c);
                for (int i = 0; i < ch.inner(); i++) {
                    int at = base + c * ch.inner() + i;
                    o[at] = yd[y.offset(s) + c * ch.inner() + i] + bias;
                }
            }
        }
        return out;
    }

    /** Direct convolution (cross-correlation, as in PyTorch) with zero padding. */
    static Tensor conv2d(final Tensor x, final Tensor w, final TensorType outType, final int stride, final int pad) {
        ConvGeometry g = ConvGeometry.of(x.type().shape(), w.type().shape(), outType.shape(), stride, pad);
        Tensor out = Tensor.zeros(outType, x.samples());
        double[] xd = x.data();
        double[] wd = w.data();
        double[] o = out.data();
        for (int s = 0; s < out.samples(); s++) {
            int xo = x.offset(s);
            int oo = out.offset(s);
            for (int co = 0; co < g.cout(); co++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double sum = 0;
                        for (int ci = 0; ci < g.cin(); ci++) {
                            for (int ky = 0; ky < g.k(); ky++) {
                                int iy = oy * stride - pad + ky;
                                if (iy < 0 || iy >= g.h()) {
                                    continue;
                                }
                                for (int kx = 0; kx < g.k(); kx++) {
                                    int ix = ox * stride - pad + kx;
                                    if (ix >= 0 && ix < g.w()) {
                                        sum += xd[xo + (ci * g.h() + iy) * g.w() + ix] * wd[g.weightIndex(co, ci, ky, kx)];
                                    }
                                }
                            }
                        }
                        o[oo + (co * g.oh() + oy) * g.ow() + ox] = sum;
                    }
                }
            }
        }
        return out;
    }

    /** Max or average over size × size windows, no padding, floor mode. */
    static Tensor pool(final Tensor x, final TensorType outType, final int size, final int stride, final boolean max) {
        Shape in = x.type().shape();
        int c = in.dim(0);
        int h = in.dim(1);
        int w = in.dim(2);
        int oh = outType.shape().dim(1);
        int ow = outType.shape().dim(2);
        Tensor out = Tensor.zeros(outType, x.samples());
        double[] xd = x.data();
        double[] o = out.data();
        for (int s = 0; s < out.samples(); s++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = x.offset(s) + ch * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int ky = 0; ky < size; ky++) {
                            for (int kx = 0; kx < size; kx++) {
                                double v = xd[plane + (oy * stride + ky) * w + ox * stride + kx];
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                        o[out.offset(s) + (ch * oh + oy) * ow + ox] = max ? acc : acc / (size * size);
                    }
                }
            }
        }
        return out;
    }

    /** The same values viewed with another shape (flatten and its gradient). */
    static Tensor reshape(final Tensor x, final TensorType outType) {
        return Tensor.of(outType, x.samples(), x.data().clone());
    }

    /** Concatenation on axis 0 of the sample shape: with channels leading, one sample's blocks in order. */
    static Tensor concat(final List<Tensor> parts, final TensorType outType, final int batch) {
        Tensor out = Tensor.zeros(outType, batch);
        for (int s = 0; s < out.samples(); s++) {
            int at = out.offset(s);
            for (Tensor part : parts) {
                System.arraycopy(part.data(), part.offset(s), out.data(), at, part.sampleSize());
                at += part.sampleSize();
            }
        }
        return out;
    }

    static Tensor map(final Tensor x, final DoubleUnaryOperator f) {
        double[] d = x.data();
        double[] o = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            o[i] = f.applyAsDouble(d[i]);
        }
        return Tensor.of(x.type(), x.samples(), o);
    }

    static double relu(final double v) {
        return v > 0 ? v : 0;
    }

    static double sigmoid(final double v) {
        return 1 / (1 + Math.exp(-v));
    }

    static double leakyRelu(final double v, final double slope) {
        return v > 0 ? v : slope * v;
    }

    /**
     * Inverted dropout's mask: when training, element i of the batch (row-major) is dropped when
     * the top 24 bits of the i-th 64-bit word of the stream (seed, layer, "dropout") split by the
     * step, read as a float in [0, 1), are below p as a float (the runtime's dropout kernel draws
     * the same way, so every backend drops the same elements); kept ones are scaled by 1/(1-p).
     * All ones when predicting.
     */
    static Tensor dropoutMask(final TensorType outType, final OpContext ctx, final long step, final double p) {
        Tensor out = Tensor.zeros(outType, ctx.batch());
        double[] o = out.data();
        if (!ctx.training()) {
            java.util.Arrays.fill(o, 1.0);
            return out;
        }
        SeededRandom random = SeededRandom.forKey(ctx.seed(), ctx.layer(), "dropout").split(step);
        double keep = p >= 1 ? 0 : 1 / (1 - p);
        for (int i = 0; i < o.length; i++) {
            float u = (random.nextLong() >>> 40) * 0x1p-24f;
            o[i] = u < (float) p ? 0 : keep;
        }
        return out;
    }
}
