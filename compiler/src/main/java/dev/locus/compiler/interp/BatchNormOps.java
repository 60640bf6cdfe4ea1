package dev.locus.compiler.interp;

import dev.locus.compiler.ir.TensorType;

/**
 * Batch normalization per channel (per feature of an [n] tensor), with PyTorch's semantics:
 * when training it normalizes with the minibatch's mean and biased variance over the batch (and
 * h, w), and moves the running estimates by {@code momentum} towards the mean and the unbiased
 * variance; when predicting it normalizes with the running estimates.
 */
final class BatchNormOps {
    private BatchNormOps() {
    }

    /** The minibatch's per-channel mean and biased variance, and the count each is over. */
    record BatchStats(double[] mean, double[] variance, int count) {
        static BatchStats of(final Tensor x) {
            Channels ch = Channels.of(x.type().shape());
            double[] mean = new double[ch.count()];
            double[] variance = new double[ch.count()];
            int count = x.samples() * ch.inner();
            double[] d = x.data();
            for (int c = 0; c < ch.count(); c++) {
                double sum = 0;
                for (int s = 0; s < x.samples(); s++) {
                    for (int i = 0; i < ch.inner(); i++) {
                        sum += d[x.offset(s) + c * ch.inner() + i];
                    }
                }
                mean[c] = sum / count;
                double sq = 0;
                for (int s = 0; s < x.samples(); s++) {
                    for (int i = 0; i < ch.inner(); i++) {
                        double dev = d[x.offset(s) + c * ch.inner() + i] - mean[c];
                        sq += dev * dev;
                    }
                }
                variance[c] = sq / count;
            }
            return new BatchStats(mean, variance, count);
        }
    }

    /**
     * Normalizes x; in training mode, also moves the running statistics (the op's RUNNING_MEAN and
     * RUNNING_VAR state, changed in place) towards the minibatch's.
     */
    static Tensor forward(final Tensor x, final Tensor gamma, final Tensor beta, final Tensor runningMean,
                          final Tensor runningVar, final TensorType outType, final OpContext ctx, final double eps,
                          final double momentum) {
        double[] mean;
        double[] variance;
        if (ctx.training()) {
            BatchStats stats = BatchStats.of(x);
            mean = stats.mean();
            variance = stats.variance();
            // The unbiased estimate needs two values; with one, the biased one (0) is all there is.
            double correction = stats.count() > 1 ? (double) stats.count() / (stats.count() - 1) : 1.0;
            for (int c = 0; c < mean.length; c++) {
                runningMean.data()[c] = (1 - momentum) * runningMean.data()[c] + momentum * mean[c];
                runningVar.data()[c] = (1 - momentum) * runningVar.data()[c]
                    + momentum * variance[c] * correction;
            }
        } else {
            mean = runningMean.data();
            variance = runningVar.data();
        }
        Channels ch = Channels.of(outType.shape());
        Tensor out = Tensor.zeros(outType, x.samples());
        for (int s = 0; s < x.samples(); s++) {
            for (int c = 0; c < ch.count(); c++) {
                double inv = 1 / Math.sqrt(variance[c] + eps);
                for (int i = 0; i < ch.inner(); i++) {
                    int at = x.offset(s) + c * ch.inner() + i;
                    out.data()[at] = gamma.get(c) * (x.get(at) - mean[c]) * inv + beta.get(c);
                }
            }
        }
        return out;
    }

    /**
     * The gradient to x in training mode, where the mean and variance depend on x:
     * dx = inv/N (N dxhat - sum(dxhat) - xhat sum(dxhat xhat)), dxhat = g gamma.
     */
    static Tensor gradInput(final Tensor x, final Tensor gamma, final Tensor g, final TensorType outType, final double eps) {
        BatchStats stats = BatchStats.of(x);
        Channels ch = Channels.of(x.type().shape());
        Tensor out = Tensor.zeros(outType, x.samples());
        int n = stats.count();
        for (int c = 0; c < ch.count(); c++) {
            double inv = 1 / Math.sqrt(stats.variance()[c] + eps);
            double sumDxhat = 0;
            double sumDxhatXhat = 0;
            for (int s = 0; s < x.samples(); s++) {
                for (int i = 0; i < ch.inner(); i++) {
                    int at = x.offset(s) + c * ch.inner() + i;
                    double dxhat = g.get(at) * gamma.get(c);
                    sumDxhat += dxhat;
                    sumDxhatXhat += dxhat * (x.get(at) - stats.mean()[c]) * inv;
                }
            }
            for (int s = 0; s < x.samples(); s++) {
                for (int i = 0; i < ch.inner(); i++) {
                    int at = x.offset(s) + c * ch.inner() + i;
                    double xhat = (x.get(at) - stats.mean()[c]) * inv;
                    double dxhat = g.get(at) * gamma.get(c);
                    out.data()[at] = inv / n * (n * dxhat - sumDxhat - xhat * sumDxhatXhat);
                }
            }
        }
        return out;
    }

    /** The gradient to gamma: the sum per channel of g times the normalized x. */
    static Tensor gradGamma(final Tensor x, final Tensor g, final TensorType outType, final double eps) {
        BatchStats stats = BatchStats.of(x);
        Channels ch = Channels.of(x.type().shape());
        Tensor out = Tensor.zeros(outType, 1);
        for (int c = 0; c < ch.count(); c++) {
            double inv = 1 / Math.sqrt(stats.variance()[c] + eps);
            double sum = 0;
            for (int s = 0; s < x.samples(); s++) {
                for (int i = 0; i < ch.inner(); i++) {
                    int at = x.offset(s) + c * ch.inner() + i;
                    sum += g.get(at) * (x.get(at) - stats.mean()[c]) * inv;
                }
            }
            out.data()[c] = sum;
        }
        return out;
    }

    /** The sum of g per channel over the batch (and h, w): the gradient to a bias or to beta. */
    static Tensor sumPerChannel(final Tensor g, final TensorType outType) {
        Channels ch = Channels.of(g.type().shape());
        Tensor out = Tensor.zeros(outType, 1);
        for (int s = 0; s < g.samples(); s++) {
            for (int c = 0; c < ch.count(); c++) {
                double sum = 0;
                for (int i = 0; i < ch.inner(); i++) {
                    sum += g.get(g.offset(s) + c * ch.inner() + i);
                }
                out.data()[c] += sum;
            }
        }
        return out;
    }
}
