package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Gradient checks as DL4J does them: double precision (the reference interpreter), central
 * differences with a step of 1e-6, relative error |g - n| / (|g| + |n|) under 1e-3, and an
 * absolute floor of 1e-8 below which two values count as equal (there the difference is the
 * rounding of the loss, about 1e-16 |loss| / 1e-6). A disagreement is confirmed with a step ten
 * times larger before it is reported, whose rounding error is ten times smaller.
 */
final class FiniteDifferences {
    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-3;
    static final double NEGLIGIBLE = 1e-8;

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
     * Checks, at the parameters as they are, the gradient each APPLY_UPDATE of {@code layer} hands
     * its optimizer against central differences of {@code objective} after a frozen step on
     * {@code batch}. Every element of a parameter of up to {@code perParameter} elements is
     * checked, else that many chosen at random.
     *
     * @param checked counts the elements compared
     * @return a description of each disagreement (empty when all agree)
     */
    static List<String> check(final Interpreter in, final ClusterData batch, final String layer,
                              final ToDoubleFunction<Interpreter> objective, final int perParameter, final Random r,
                              final int[] checked) {
        Steps.frozen(in, batch);
        Map<String, double[]> gradients = Steps.gradients(in, layer);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, double[]> e : gradients.entrySet()) {
            String name = e.getKey();
            double[] g = e.getValue();
            for (int j : elements(g.length, perParameter, r)) {
                checked[0]++;
                double numeric = centralDifference(in, batch, objective, name, j, EPS);
                if (!agree(g[j], numeric)) {
                    double coarse = centralDifference(in, batch, objective, name, j, 10 * EPS);
                    if (!agree(g[j], coarse)) {
                        problems.add(String.format(java.util.Locale.ROOT,
                                "%s[%d]: the update block's gradient is %.6g, central differences give %.6g",
                                name, j, g[j], numeric));
                    }
                }
            }
        }
        Steps.frozen(in, batch);
        return problems;
    }

    private static double centralDifference(final Interpreter in, final ClusterData batch,
                                            final ToDoubleFunction<Interpreter> objective, final String name,
                                            final int j, final double eps) {
        double[] p = in.parameter(name).data();
        double saved = p[j];
        p[j] = saved + eps;
        Steps.frozen(in, batch);
        double plus = objective.applyAsDouble(in);
        p[j] = saved - eps;
        Steps.frozen(in, batch);
        double minus = objective.applyAsDouble(in);
        p[j] = saved;
        return (plus - minus) / (2 * eps);
    }

    private static int[] elements(final int n, final int most, final Random r) {
        if (n <= most) {
            return IntStream.range(0, n).toArray();
        }
        return r.ints(0, n).distinct().limit(most).toArray();
    }
}
