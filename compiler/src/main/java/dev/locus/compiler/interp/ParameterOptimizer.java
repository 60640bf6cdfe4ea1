package dev.locus.compiler.interp;

import dev.locus.compiler.check.TrainingPlan;

/**
 * The optimizer's step on one parameter, holding that parameter's state (velocity or moments and
 * its own step count, so that a layer frozen for a while resumes Adam's bias correction where it
 * left it, as PyTorch does). Formulas are PyTorch's.
 */
abstract class ParameterOptimizer {

    /** Moves {@code p} by its gradient {@code g}, in place. */
    abstract void step(double[] p, double[] g);

    /** How many doubles of state each optimizer keeps per parameter value (what {@link #create} allocates). */
    static int stateValues(final TrainingPlan.Optimizer optimizer) {
        if (optimizer instanceof TrainingPlan.Sgd) {
            return 1;
        }
        if (optimizer instanceof TrainingPlan.Adam) {
            return 2;
        }
        throw new IllegalArgumentException("no optimizer " + optimizer);
    }

    static ParameterOptimizer create(final TrainingPlan.Optimizer optimizer, final int size) {
        if (optimizer instanceof TrainingPlan.Sgd sgd) {
            return new Sgd(sgd, size);
        }
        if (optimizer instanceof TrainingPlan.Adam adam) {
            return new Adam(adam, size);
        }
        throw new IllegalArgumentException("no optimizer " + optimizer);
    }

    /** g += weight_decay p; v = momentum v + g; p -= lr v (plain p -= lr g without momentum). */
    static final class Sgd extends ParameterOptimizer {
        private final TrainingPlan.Sgd config;
        private final double[] velocity;

        Sgd(final TrainingPlan.Sgd config, final int size) {
            this.config = config;
            this.velocity = new double[size];
        }

        @Override
        void step(final double[] p, final double[] g) {
            for (int i = 0; i < p.length; i++) {
                double d = g[i] + config.weightDecay() * p[i];
                if (config.momentum() != 0) {
                    velocity[i] = config.momentum() * velocity[i] + d;
                    d = velocity[i];
                }
                p[i] -= config.lr() * d;
            }
        }
    }

    /**
     * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     */
    static final class Adam extends ParameterOptimizer {
        private final TrainingPlan.Adam config;
        private final double[] m;
        private final double[] v;
        private long t;

        Adam(final TrainingPlan.Adam config, final int size) {
            this.config = config;
            this.m = new double[size];
            this.v = new double[size];
        }

        @Override
        void step(final double[] p, final double[] g) {
            t++;
            double b1 = config.beta1();
            double b2 = config.beta2();
            double stepSize = config.lr() / (1 - Math.pow(b1, t));
            double sqrtCorrection2 = Math.sqrt(1 - Math.pow(b2, t));
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtCorrection2 + config.eps());
            }
        }
    }
}
