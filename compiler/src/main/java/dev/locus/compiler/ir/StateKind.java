package dev.locus.compiler.ir;

/**
 * The kinds of training state: values that live from one training step to the next, that an
 * op reads and writes in place, and that a checkpoint or a compiled model must keep. Each is an
 * {@link IrValue} of role STATE; {@link IrValue#stateOf} is the parameter it belongs to (optimizer
 * state) or null.
 */
public enum StateKind {
    /** SGD's velocity of one parameter (only with momentum), of its type; starts at 0. */
    SGD_VELOCITY(0),
    /** Adam's first moment of one parameter, of its type; starts at 0. */
    ADAM_M(0),
    /** Adam's second moment of one parameter, of its type; starts at 0. */
    ADAM_V(0),
    /**
     * How many steps Adam has taken on one parameter (an int32 counter): per parameter, so that a
     * layer frozen for a while resumes its bias correction where it left it, as PyTorch does.
     */
    ADAM_STEP(0),
    /** The running mean of one BATCHNORM op, per channel; starts at 0 as in PyTorch. */
    RUNNING_MEAN(0),
    /** The running (unbiased) variance of one BATCHNORM op, per channel; starts at 1 as in PyTorch. */
    RUNNING_VAR(1),
    /**
     * The number of training steps taken over the whole run (an int32 counter), which keys the
     * dropout masks of a step. It is advanced by one at the end of every training step (see
     * {@link Schedule}), whether or not any layer is trainable.
     */
    TRAINING_STEP(0);

    private final double initial;

    StateKind(final double initial) {
        this.initial = initial;
    }

    /** The value every element starts from. */
    public double initial() {
        return initial;
    }

    /** Whether the state is a counter (int32, a scalar) rather than a tensor of floats. */
    public boolean counter() {
        return this == ADAM_STEP || this == TRAINING_STEP;
    }
}
