package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.TensorType;
import java.util.function.DoubleBinaryOperator;

/**
 * The gradient ops of layers and rule functions: each the exact derivative of its forward op
 * in {@link LayerOps} or {@link ElementwiseOps}, written as its own loops rather than derived,
 * so that the finite-difference tests compare two independent computations.
 */
final class GradientOps {
    private GradientOps() {
    }

    /** g [.., n] times m [k, n] transposed: the gradient to x of x @ m. */
    static Tensor matmulGradLeft(final Tensor g, final Tensor m, final TensorType outType, final int batch) {
        int k = m.type().shape().dim(0);
        int n = m.type().shape().dim(1);
        Tensor out = Tensor.zeros(outType, batch);
        int rows = out.sampleSize() / k;
        for (int s = 0; s < Math.max(g.samples(), m.samples()); s++) {
            int go = g.offset(s);
            int mo = m.offset(s);
            int oo = out.offset(s);
            for (int i = 0; i < rows; i++) {
                for (int p = 0; p < k; p++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += g.get(go + i * n + j) * m.get(mo + p * n + j);
                    }
                    out.data()[oo + i * k + p] += sum;
                }
            }
        }
        return out;
    }

    /** x [.., k] transposed times g [.., n], summed over the batch when the result is unbatched. */
    static Tensor matmulGradRight(final Tensor x, final Tensor g, final TensorType outType, final int batch) {
        int k = outType.shape().dim(0);
        int n = outType.shape().dim(1);
        int rows = x.sampleSize() / k;
        Tensor out = Tensor.zeros(outType, batch);
        for (int s = 0; s < Math.max(x.samples(), g.samples()); s++) {
            int xo = x.offset(s);
            int go = g.offset(s);
            int oo = out.offset(s);
            for (int i = 0; i < rows; i++) {
                for (int p = 0; p < k; p++) {
                    double a = x.get(xo + i * k + p);
                    for (int j = 0; j < n; j++) {
                        out.data()[oo + p * n + j] += a * g.get(go + i * n + j);
                    }
                }
            }
        }
        return out;
    }

    /** Scatters each output gradient back through the weights to the inputs it read. */
    static Tensor conv2dGradInput(final Tensor g, final Tensor w, final TensorType outType, final int stride,
                                  final int pad) {
        ConvGeometry geo = ConvGeometry.of(outType.shape(), w.type().shape(), g.type().shape(), stride, pad);
        Tensor out = Tensor.zeros(outType, g.samples());
        double[] o = out.data();
        for (int s = 0; s < g.samples(); s++) {
            for (int co = 0; co < geo.cout(); co++) {
                for (int oy = 0; oy < geo.oh(); oy++) {
                    for (int ox = 0; ox < geo.ow(); ox++) {
                        double go = g.get(g.offset(s) + (co * geo.oh() + oy) * geo.ow() + ox);
                        for (int ci = 0; ci < geo.cin(); ci++) {
                            for (int ky = 0; ky < geo.k(); ky++) {
                                int iy = oy * stride - pad + ky;
                                for (int kx = 0; kx < geo.k(); kx++) {
                                    int ix = ox * stride - pad + kx;
                                    if (iy >= 0 && iy < geo.h() && ix >= 0 && ix < geo.w()) {
                                        o[out.offset(s) + (ci * geo.h() + iy) * geo.w() + ix]
                                            += go * w.get(geo.weightIndex(co, ci, ky, kx));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The gradient to the weights: for each weight, the sum over batch and positions of g times the input it met. */
    static Tensor conv2dGradWeight(final Tensor x, final Tensor g, final TensorType outType, final int stride,
                                   final int pad) {
        ConvGeometry geo = ConvGeometry.of(x.type().shape(), outType.shape(), g.type().shape(), stride, pad);
        Tensor out = Tensor.zeros(outType, 1);
        for (int co = 0; co < geo.cout(); co++) {
            for (int ci = 0; ci < geo.cin(); ci++) {
                for (int ky = 0; ky < geo.k(); ky++) {
                    for (int kx = 0; kx < geo.k(); kx++) {
                        double sum = 0;
                        for (int s = 0; s < x.samples(); s++) {
                            for (int oy = 0; oy < geo.oh(); oy++) {
                                int iy = oy * stride - pad + ky;
                                if (iy < 0 || iy >= geo.h()) {
                                    continue;
                                }
                                for (int ox = 0; ox < geo.ow(); ox++) {
                                    int ix = ox * stride - pad + kx;
                                    if (ix >= 0 && ix < geo.w()) {
                                        sum += g.get(g.offset(s) + (co * geo.oh() + oy) * geo.ow() + ox)
                                            * x.get(x.offset(s) + (ci * geo.h() + iy) * geo.w() + ix);
                                    }
                                }
                            }
                        }
                        out.data()[geo.weightIndex(co, ci, ky, kx)] = sum;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Max pooling's gradient: each window's g goes to the first position (row-major) holding the
     * window's maximum; overlapping windows add up.
     */
    static Tensor maxpoolGrad(final Tensor x, final Tensor g, final TensorType outType, final int size,
                              final int stride) {
        return poolGrad(x, g, outType, size, stride, true);
    }

    /** Average pooling's gradient: each window's g spread evenly over its size × size inputs. */
    static Tensor avgpoolGrad(final Tensor g, final TensorType outType, final int size, final int stride) {
        return poolGrad(null, g, outType, size, stride, false);
    }

    private static Tensor poolGrad(final Tensor x, final Tensor g, final TensorType outType, final int size,
                                   final int stride, final boolean max) {
        Shape in = outType.shape();
        int c = in.dim(0);
        int h = in.dim(1);
        int w = in.dim(2);
        int oh = g.type().shape().dim(1);
        int ow = g.type().shape().dim(2);
        Tensor out = Tensor.zeros(outType, g.samples());
        for (int s = 0; s < g.samples(); s++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = out.offset(s) + ch * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double go = g.get(g.offset(s) + (ch * oh + oy) * ow + ox);
                        if (max) {
                            int best = -1;
                            for (int ky = 0; ky < size; ky++) {
                                for (int kx = 0; kx < size; kx++) {
                                    int at = plane + (oy * stride + ky) * w + ox * stride + kx;
                                    if (best < 0 || x.get(at) > x.get(best)) {
                                        best = at;
                                    }
                                }
                            }
                            out.data()[best] += go;
                        } else {
                            for (int ky = 0; ky < size; ky++) {
                                for (int kx = 0; kx < size; kx++) {
                                    out.data()[plane + (oy * stride + ky) * w + ox * stride + kx] += go / (size * size);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Channels [offset, offset + count) of each sample of g: the gradient to one part of a concatenation. */
    static Tensor sliceChannels(final Tensor g, final TensorType outType, final int offset) {
        Channels ch = Channels.of(outType.shape());
        Tensor out = Tensor.zeros(outType, g.samples());
        for (int s = 0; s < g.samples(); s++) {
            System.arraycopy(g.data(), g.offset(s) + offset * ch.inner(), out.data(), out.offset(s), out.sampleSize());
        }
        return out;
    }

    /** f(v, g) element by element, v being the forward op's input or output. */
    static Tensor pointwise(final Tensor v, final Tensor g, final TensorType outType, final DoubleBinaryOperator f) {
        Tensor out = Tensor.zeros(outType, g.samples());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = f.applyAsDouble(v.get(i), g.get(i));
        }
        return out;
    }

    /** Per sample: y (g - sum(g y)) for softmax's output y, or g - exp(y) sum(g) for log_softmax's. */
    static Tensor softmaxGrad(final Tensor y, final Tensor g, final TensorType outType, final boolean log) {
        Tensor out = Tensor.zeros(outType, g.samples());
        int n = y.sampleSize();
        for (int s = 0; s < y.samples(); s++) {
            int base = y.offset(s);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += log ? g.get(base + i) : g.get(base + i) * y.get(base + i);
            }
            for (int i = 0; i < n; i++) {
                double yi = y.get(base + i);
                double gi = g.get(base + i);
                out.data()[base + i] = log ? gi - Math.exp(yi) * sum : yi * (gi - sum);
            }
        }
        return out;
    }
}
