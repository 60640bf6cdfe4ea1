package dev.locus.compiler.golden;

import dev.locus.compiler.backend.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a backend's trace agrees with the reference's within a relative tolerance: per step,
 * the same layers report a loss and each is within tolerance, the correct counts are equal, every
 * parameter and running statistic is within tolerance element by element, and so are the probe's
 * scores; the probe's predicted classes are equal except where the reference's two best scores
 * are closer than the tolerance (there either answer is right).
 *
 * @param problems what disagrees, the first few
 * @param worst    the largest ratio of a difference to what was allowed (at most 1 when it agrees)
 */
record Agreement(List<String> problems, double worst) {
    /** Below this, magnitudes do not shrink what is allowed: 0.01 of a loss or a weight is noise. */
    static final double FLOOR = Tolerance.FLOOR;
    private static final int MOST_PROBLEMS = 10;

    boolean agrees() {
        return problems.isEmpty();
    }

    /**
     * Where the reference's classifier of a layer had two best scores closer than the tolerance
     * for some sample of a training batch, so that either backend may count it right or wrong.
     */
    @FunctionalInterface
    interface Ties {
        /** Whether {@code layer}'s scores at {@code step} (0-based) held such a tie. */
        boolean at(int step, int layer);
    }

    static Agreement of(final Trace reference, final Trace other, final double relative) {
        return of(reference, other, relative, (step, layer) -> false);
    }

    /** As {@link #of(Trace, Trace, double)}, except that the correct counts may differ where {@code ties} says. */
    static Agreement of(final Trace reference, final Trace other, final double relative, final Ties ties) {
        Check c = new Check(relative);
        if (reference.steps().size() != other.steps().size()) {
            c.problem(other.backend() + " took " + other.steps().size() + " steps, " + reference.backend() + " "
                    + reference.steps().size());
            return c.result();
        }
        for (int i = 0; i < reference.steps().size(); i++) {
            Trace.Step r = reference.steps().get(i);
            Trace.Step o = other.steps().get(i);
            String at = "step " + (i + 1) + ": ";
            for (int layer = 0; layer < r.layers().size(); layer++) {
                String name = at + r.layers().get(layer);
                if (Double.isNaN(r.loss()[layer]) != Double.isNaN(o.loss()[layer])) {
                    c.problem(name + " has a local loss on one backend only");
                } else if (!Double.isNaN(r.loss()[layer])) {
                    c.close(name + " loss", r.loss()[layer], o.loss()[layer], Math.max(Math.abs(r.loss()[layer]), FLOOR));
                }
                if (r.correct()[layer] != o.correct()[layer] && !ties.at(i, layer)) {
                    c.problem(name + " correct " + o.correct()[layer] + ", expected " + r.correct()[layer]);
                }
            }
            if (!r.parameters().keySet().equals(o.parameters().keySet())) {
                c.problem(at + "parameters " + o.parameters().keySet() + ", expected " + r.parameters().keySet());
            } else {
                for (Map.Entry<String, float[]> p : r.parameters().entrySet()) {
                    float[] x = p.getValue();
                    double[] rd = new double[x.length];
                    for (int k = 0; k < x.length; k++) {
                        rd[k] = x[k];
                    }
                    float[] y = o.parameters().get(p.getKey());
                    double[] od = new double[y.length];
                    for (int k = 0; k < y.length; k++) {
                        od[k] = y[k];
                    }
                    c.tensor(at + p.getKey(), rd, od);
                }
            }
            c.tensor(at + "probe scores", r.scores(), o.scores());
            int classes = r.scores().length / r.predicted().length;
            double scale = Math.max(rms(r.scores()), FLOOR);
            for (int s = 0; s < r.predicted().length; s++) {
                if (r.predicted()[s] != o.predicted()[s]
                        && gap(r.scores(), s * classes, classes) > relative * scale) {
                    c.problem(at + "probe sample " + s + " predicted " + o.predicted()[s] + ", expected "
                            + r.predicted()[s]);
                }
            }
        }
        return c.result();
    }

    /** The difference between the best and the second best of {@code n} scores from {@code at}. */
    static double gap(final double[] scores, final int at, final int n) {
        double best = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (int i = at; i < at + n; i++) {
            if (scores[i] > best) {
                second = best;
                best = scores[i];
            } else if (scores[i] > second) {
                second = scores[i];
            }
        }
        return n < 2 ? Double.POSITIVE_INFINITY : best - second;
    }

    static double rms(final double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }

    private static final class Check {
        private final double relative;
        private final List<String> problems = new ArrayList<>();
        private int more;
        private double worst;

        Check(final double relative) {
            this.relative = relative;
        }

        void problem(final String p) {
            if (problems.size() < MOST_PROBLEMS) {
                problems.add(p);
            } else {
                more++;
            }
        }

        void close(final String what, final double expected, final double actual, final double scale) {
            double allowed = relative * scale;
            double ratio = Math.abs(actual - expected) / allowed;
            if (!(ratio <= 1)) {
                problem(what + " " + actual + ", expected " + expected + " within " + allowed);
            }
            worst = Math.max(worst, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
        }

        void tensor(final String what, final double[] expected, final double[] actual) {
            if (expected.length != actual.length) {
                problem(what + " has " + actual.length + " values, expected " + expected.length);
                return;
            }
            double tensorScale = Math.max(rms(expected), FLOOR);
            for (int i = 0; i < expected.length; i++) {
                close(what + "[" + i + "]", expected[i], actual[i], Math.max(Math.abs(expected[i]), tensorScale));
            }
        }

        Agreement result() {
            if (more > 0) {
                problems.add("and " + more + " more");
            }
            return new Agreement(List.copyOf(problems), worst);
        }
    }
}
