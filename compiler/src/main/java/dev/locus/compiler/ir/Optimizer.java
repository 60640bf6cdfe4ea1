package dev.locus.compiler.ir;

/**
 * The optimizer of a train block with its hyperparameters, as every APPLY_UPDATE carries it.
 * Formulas are PyTorch's (see {@link OpKind#APPLY_UPDATE}).
 */
public sealed interface Optimizer {
    double lr();

    /** The state each parameter keeps for this optimizer, in the order APPLY_UPDATE reads it. */
    java.util.List<StateKind> state();

    /** g += weight_decay p; v = momentum v + g; p -= lr v (plain p -= lr g without momentum, and no state). */
    record Sgd(double lr, double momentum, double weightDecay) implements Optimizer {
        @Override
        public java.util.List<StateKind> state() {
            return momentum == 0 ? java.util.List.of() : java.util.List.of(StateKind.SGD_VELOCITY);
        }
    }

    /**
     * t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     */
    record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {
        @Override
        public java.util.List<StateKind> state() {
            return java.util.List.of(StateKind.ADAM_M, StateKind.ADAM_V, StateKind.ADAM_STEP);
        }
    }
}
