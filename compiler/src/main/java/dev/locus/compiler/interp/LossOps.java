package dev.locus.compiler.interp;

import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;

/**
 * The losses of rules, each a scalar, and their gradients to the scores. Scores are [classes]
 * per sample. Each is summed over the classes of a sample and averaged over the batch
 * (LANGUAGE.md: "each the mean over the batch"), as the runtime's loss kernels compute them.
 */
final class LossOps {
    private LossOps() {
    }

    static Tensor loss(final OpKind kind, final Tensor scores, final Tensor labels) {
        int batch = scores.samples();
        int classes = scores.sampleSize();
        double total = 0;
        for (int s = 0; s < batch; s++) {
            int base = scores.offset(s);
            int label = ElementwiseOps.label(labels, s, classes);
            if (kind == OpKind.CROSS_ENTROPY) {
                total += ElementwiseOps.logSumExp(scores.data(), base, classes) - scores.get(base + label);
                continue;
            }
            for (int c = 0; c < classes; c++) {
                total += elementLoss(kind, scores.get(base + c), c == label);
            }
        }
        return Tensor.scalar(total / batch);
    }

    /** The loss's gradient to the scores, times the scalar g. */
    static Tensor gradient(final OpKind lossKind, final Tensor scores, final Tensor labels, final Tensor g,
                           final TensorType outType) {
        int batch = scores.samples();
        int classes = scores.sampleSize();
        double scale = g.scalarValue() / batch;
        Tensor out = Tensor.zeros(outType, batch);
        for (int s = 0; s < batch; s++) {
            int base = scores.offset(s);
            int label = ElementwiseOps.label(labels, s, classes);
            double lse = lossKind == OpKind.CROSS_ENTROPY ? ElementwiseOps.logSumExp(scores.data(), base, classes) : 0;
            for (int c = 0; c < classes; c++) {
                double v = scores.get(base + c);
                double d = lossKind == OpKind.CROSS_ENTROPY
                    ? Math.exp(v - lse) - (c == label ? 1 : 0)
                    : elementDerivative(lossKind, v, c == label);
                out.data()[out.offset(s) + c] = scale * d;
            }
        }
        return out;
    }

    private static double elementLoss(final OpKind kind, final double score, final boolean target) {
        double onehot = target ? 1 : 0;
        return switch (kind) {
            case MSE -> (score - onehot) * (score - onehot);
            case SQUARE_HINGE -> {
                double margin = Math.max(0, 1 - (2 * onehot - 1) * score);
                yield margin * margin;
            }
            case SMOOTH_L1 -> {
                double d = Math.abs(score - onehot);
                yield d < 1 ? 0.5 * d * d : d - 0.5;
            }
            default -> throw new IllegalArgumentException(kind + " is not an element-wise loss");
        };
    }

    private static double elementDerivative(final OpKind kind, final double score, final boolean target) {
        double onehot = target ? 1 : 0;
        return switch (kind) {
            case MSE -> 2 * (score - onehot);
            case SQUARE_HINGE -> {
                double t = 2 * onehot - 1;
                yield -2 * t * Math.max(0, 1 - t * score);
            }
            case SMOOTH_L1 -> Math.max(-1, Math.min(1, score - onehot));
            default -> throw new IllegalArgumentException(kind + " is not an element-wise loss");
        };
    }
}
