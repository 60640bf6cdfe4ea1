package dev.locus.compiler.rules;

import dev.locus.compiler.interp.Tensor;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Gradient checks at graph level, as DL4J does them: double precision, central differences with
 * a step of 1e-6, relative error |g - n| / (|g| + |n|) under 1e-3, and an absolute floor of 1e-8
 * below which two values count as equal (there the difference is the rounding of the loss, about
 * 1e-16 |loss| / 1e-6). A disagreement is confirmed with a step of 1e-5 before it is reported.
 */
final class FiniteDifferences {
    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-3;
    static final double NEGLIGIBLE = 1e-8;
    /**
     * How close a step's values may come to a point where the graph is not differentiable (a
     * ReLU's or abs's zero, a tie for a window's maximum) before the check would measure the
     * kink instead of the derivative: a step of 1e-6 in one parameter moves a pre-activation by
     * about 1e-6 times an input of order 1, so 1e-4 leaves a margin of a hundred.
     */
    static final double KINK_MARGIN = 1e-4;

    private FiniteDifferences() {
    }

    static boolean agree(final double g, final double n) {
        double diff = Math.abs(g - n);
        if (diff < NEGLIGIBLE || Math.abs(g) < NEGLIGIBLE && Math.abs(n) < NEGLIGIBLE) {
            return true;
        }
        return diff / (Math.abs(g) + Math.abs(n)) < TOLERANCE;
    }

    /**
     * Checks, in the state of the last frozen step on {@code batch}, the gradient each APPLY_UPDATE
     * of {@code layer} hands its optimizer against central differences of {@code objective}
     * (evaluated after a frozen step with the parameter element moved). Every element of a
     * parameter of up to {@code perParameter} elements is checked, else that many chosen at random.
     *
     * @return a description of each disagreement (empty when all agree)
     */
    static List<String> check(final Pipeline p, final Pipeline.Batch batch, final String layer,
                              final ToDoubleFunction<Pipeline> objective, final int perParameter, final Random r) {
        p.frozenStep(batch);
        Map<String, double[]> gradients = p.gradients(layer);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, double[]> e : gradients.entrySet()) {
            String name = e.getKey();
            int size = p.interpreter.parameter(name).data().length;
            double[] g = e.getValue();
            if (g.length != size) {
                problems.add(name + ": the gradient has " + g.length + " values, the parameter " + size);
                continue;
            }
            for (int j : elements(size, perParameter, r)) {
                double numeric = centralDifference(p, batch, objective, name, j, EPS);
                if (!agree(g[j], numeric)) {
                    // Where the gradient is about 0 the rounding of the loss, divided by 1e-6, can pass the
                    // absolute floor (a batch normalization of 4 samples amplifies it by 1/std): a real
                    // disagreement persists with a step ten times larger, whose rounding error is ten times smaller.
                    double coarse = centralDifference(p, batch, objective, name, j, 10 * EPS);
                    if (!agree(g[j], coarse)) {
                        problems.add(name + "[" + j + "]: the update block's gradient is " + g[j]
                                + ", central differences give " + numeric + " (" + coarse + " with a step of "
                                + 10 * EPS + ")");
                    }
                }
            }
        }
        p.frozenStep(batch);
        return problems;
    }

    private static double centralDifference(final Pipeline p, final Pipeline.Batch batch,
                                            final ToDoubleFunction<Pipeline> objective, final String name, final int j,
                                            final double eps) {
        // Read the parameter anew each time: a step may run on a new interpreter (Pipeline.firstStepAlways).
        double saved = p.interpreter.parameter(name).data()[j];
        p.interpreter.parameter(name).data()[j] = saved + eps;
        p.frozenStep(batch);
        double plus = objective.applyAsDouble(p);
        p.interpreter.parameter(name).data()[j] = saved - eps;
        p.frozenStep(batch);
        double minus = objective.applyAsDouble(p);
        p.interpreter.parameter(name).data()[j] = saved;
        return (plus - minus) / (2 * eps);
    }

    private static int[] elements(final int n, final int most, final Random r) {
        if (n <= most) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        return r.ints(0, n).distinct().limit(most).toArray();
    }

    /**
     * After a step: the smallest distance of any value to a point where some op of a forward or
     * update block is not differentiable (or, for smooth_l1 and square_hinge, not twice
     * differentiable): the input of relu, leaky_relu, abs and sign; the gap
     * between the largest and second-largest value of a max-pooling window. An exact tie there is
     * structural, not a kink: the same element seen through two overlapping windows of a pool
     * below, or dead ReLU outputs that no small step revives (and were it a kink, the check would
     * fail, never pass wrongly).
     */
    static double distanceToKink(final Pipeline p) {
        double min = Double.POSITIVE_INFINITY;
        for (IrBlock b : p.graph.blocks()) {
            if (b.kind() == IrBlock.Kind.INIT) {
                continue;
            }
            for (IrOp op : b.ops()) {
                switch (op.kind()) {
                    case RELU, LEAKY_RELU, ABS, SIGN -> {
                        for (double v : value(p, op.input(0)).data()) {
                            min = Math.min(min, Math.abs(v));
                        }
                    }
                    case MAXPOOL -> min = Math.min(min, maxpoolGap(value(p, op.input(0)),
                            op.attrs(Attrs.Pool.class).size(), op.attrs(Attrs.Pool.class).stride()));
                    case SMOOTH_L1, SQUARE_HINGE -> min = Math.min(min, lossBreak(op.kind() == OpKind.SMOOTH_L1,
                            value(p, op.input(0)), value(p, op.input(1))));
                    default -> {
                    }
                }
            }
        }
        return min;
    }

    /**
     * How close any score is to where the loss's second derivative jumps: |s - onehot| = 1 for
     * smooth_l1, a margin 1 - t s = 0 for square_hinge. There a central difference is off by about
     * the step times the jump, which matters where the gradient's terms cancel to about 0 (a dead
     * layer below gives scores of exactly 0, and so d = -1 exactly for the label's class).
     */
    private static double lossBreak(final boolean smoothL1, final Tensor scores, final Tensor labels) {
        double min = Double.POSITIVE_INFINITY;
        int classes = scores.sampleSize();
        for (int s = 0; s < scores.samples(); s++) {
            int label = (int) labels.get(labels.offset(s));
            for (int c = 0; c < classes; c++) {
                double score = scores.get(scores.offset(s) + c);
                double onehot = c == label ? 1 : 0;
                double distance = smoothL1 ? Math.abs(Math.abs(score - onehot) - 1)
                        : Math.abs(1 - (2 * onehot - 1) * score);
                min = Math.min(min, distance);
            }
        }
        return min;
    }

    private static Tensor value(final Pipeline p, final IrValue v) {
        Tensor t = p.interpreter.value(v);
        if (t == null) {
            throw new AssertionError(v + " has no value after the step");
        }
        return t;
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
