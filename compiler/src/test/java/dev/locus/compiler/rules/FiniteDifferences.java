package dev.locus.compiler.rules;

import dev.locus.compiler.interp.Kinks;
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
    /** How close a step's values may come to a kink before the check would measure the kink ({@link Kinks#MARGIN}). */
    static final double KINK_MARGIN = Kinks.MARGIN;

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

    /** After a step: the smallest distance of any value to a kink ({@link Kinks}). */
    static double distanceToKink(final Pipeline p) {
        return Kinks.distance(p.interpreter);
    }
}
