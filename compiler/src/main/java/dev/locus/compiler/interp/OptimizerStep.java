package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Optimizer;
import java.util.List;

/**
 * APPLY_UPDATE: the optimizer's step on one parameter, in place, with the parameter's state as
 * the IR hands it over ({@link Optimizer#state}: SGD with momentum its velocity; Adam m, v and its
 * own step count). Formulas are PyTorch's.
 */
final class OptimizerStep {
    private OptimizerStep() {
    }

    /** Moves {@code p} by its gradient {@code g}, in place, reading and writing {@code state}. */
    static void apply(final Optimizer optimizer, final double[] p, final double[] g, final List<Tensor> state) {
        if (optimizer instanceof Optimizer.Sgd sgd) {
            sgd(sgd, p, g, sgd.momentum() == 0 ? null : state.get(0).data());
        } else {
            Optimizer.Adam adam = (Optimizer.Adam) optimizer;
            adam(adam, p, g, state.get(0).data(), state.get(1).data(), state.get(2).data());
        }
    }

    /** g += weight_decay p; v = momentum v + g; p -= lr v (plain p -= lr g without momentum). */
    private static void sgd(final Optimizer.Sgd config, final double[] p, final double[] g, final double[] velocity) {
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + config.weightDecay() * p[i];
            if (velocity != null) {
                velocity[i] = flushBelowFloat(config.momentum() * velocity[i] + d);
                d = velocity[i];
            }
            p[i] -= config.lr() * d;
        }
    }

    /**
     * t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     */
    private static void adam(final Optimizer.Adam config, final double[] p, final double[] g, final double[] m,
                             final double[] v, final double[] step) {
        long t = (long) step[0] + 1;
        step[0] = t;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double stepSize = config.lr() / (1 - Math.pow(b1, t));
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(b2, t));
        for (int i = 0; i < p.length; i++) {
            m[i] = flushBelowFloat(b1 * m[i] + (1 - b1) * g[i]);
            v[i] = flushBelowFloat(b2 * v[i] + (1 - b2) * g[i] * g[i]);
            p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtCorrection2 + config.eps());
        }
    }

    /**
     * Zero for a value below the smallest normal float, as the JVM backend keeps optimizer state
     * (LANGUAGE.md, optimizers): a moment that small adds nothing a float weight can hold, and in
     * floats it would decay into subnormals and stay there, on the processor's slow path.
     */
    private static double flushBelowFloat(final double x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0 : x;
    }
}
