package dev.locus.runtime.train;

import dev.locus.runtime.LocusException;

/** Training produced a NaN or infinite loss: names the layer, the epoch and the step. */
public final class TrainingDivergedException extends LocusException {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final int epoch;
    private final int step;

    TrainingDivergedException(final String layer, final double loss, final int epoch, final int step, final int steps,
                              final String checkpointNote) {
        super("training diverged: layer `" + layer + "` has " + (Double.isNaN(loss) ? "a NaN" : "an infinite")
            + " local loss at epoch " + epoch + ", step " + step + " of " + steps
            + "; try a smaller learning rate. " + checkpointNote);
        this.layer = layer;
        this.epoch = epoch;
        this.step = step;
    }

    public String layer() {
        return layer;
    }

    public int epoch() {
        return epoch;
    }

    /** The 1-based step within the epoch. */
    public int step() {
        return step;
    }
}
