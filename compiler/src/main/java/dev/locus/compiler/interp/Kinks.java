package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;

/**
 * How close a step came to a point where the graph is not differentiable, so that a finite
 * difference or a small step measures the derivative and not the kink: the input of relu,
 * leaky_relu, abs and sign; the gap between the two largest values of a max-pooling window; where
 * smooth_l1's and square_hinge's second derivative jumps (there a central difference is off by
 * about the step times the jump, which matters where the gradient's terms cancel to about 0). The
 * project's gradient tests and the rule test kit keep their batches this far from every kink.
 */
public final class Kinks {
    /**
     * A step of 1e-6 in one parameter moves a pre-activation by about 1e-6 times an input of order
     * 1, so 1e-4 leaves a margin of a hundred.
     */
    public static final double MARGIN = 1e-4;

    private Kinks() {
    }

    /** After a step: the smallest distance of any value of a forward or update block to a kink. */
    public static double distance(final Interpreter in) {
        double min = Double.POSITIVE_INFINITY;
        for (IrBlock b : in.graph().blocks()) {
            if (b.kind() == IrBlock.Kind.INIT) {
                continue;
            }
            for (IrOp op : b.ops()) {
                switch (op.kind()) {
                    case RELU, LEAKY_RELU, ABS, SIGN -> {
                        for (double v : in.value(op.input(0)).data()) {
                            min = Math.min(min, Math.abs(v));
                        }
                    }
                    case MAXPOOL -> min = Math.min(min, maxpoolGap(in.value(op.input(0)),
                            op.attrs(Attrs.Pool.class).size(), op.attrs(Attrs.Pool.class).stride()));
                    case SMOOTH_L1, SQUARE_HINGE -> min = Math.min(min, lossBreak(op.kind() == OpKind.SMOOTH_L1,
                            in.value(op.input(0)), in.value(op.input(1))));
                    default -> {
                    }
                }
            }
        }
        return min;
    }

    private static double lossBreak(final boolean smoothL1, final Tensor scores, final Tensor labels) {
        double min = Double.POSITIVE_INFINITY;
        int classes = scores.sampleSize();
        for (int s = 0; s < scores.samples(); s++) {
            int label = (int) labels.get(labels.offset(s));
            for (int c = 0; c < classes; c++) {
                double score = scores.get(scores.offset(s) + c);
                double onehot = c == label ? 1 : 0;
                double d = smoothL1 ? Math.abs(Math.abs(score - onehot) - 1) : Math.abs(1 - (2 * onehot - 1) * score);
                min = Math.min(min, d);
            }
        }
        return min;
    }

    private static double maxpoolGap(final Tensor x, final int size, final int stride) {
        int[] dims = x.type().shape().dims();
        int c = dims[0];
        int h = dims[1];
        int w = dims[2];
        int oh = (h - size) / stride + 1;
        int ow = (w - size) / stride + 1;
        double min = Double.POSITIVE_INFINITY;
        for (int s = 0; s < x.samples(); s++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = x.offset(s) + ch * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double first = Double.NEGATIVE_INFINITY;
                        double second = Double.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < size; ky++) {
                            for (int kx = 0; kx < size; kx++) {
                                double v = x.get(plane + (oy * stride + ky) * w + ox * stride + kx);
                                if (v > first) {
                                    second = first;
                                    first = v;
                                } else if (v > second) {
                                    second = v;
                                }
                            }
                        }
                        // An exact tie is structural (the same element seen through two overlapping windows
                        // of a pool below, dead units that no small step revives), not a kink a step crosses.
                        if (first != second) {
                            min = Math.min(min, first - second);
                        }
                    }
                }
            }
        }
        return min;
    }
}
