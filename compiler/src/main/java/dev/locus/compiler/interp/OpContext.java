package dev.locus.compiler.interp;

/**
 * What an op may need beyond its inputs: the mode, the seed and the layer it belongs to (for
 * random draws), the training step (dropout masks differ per step), the batch size (for ops with
 * no batched input) and, for BATCHNORM, the running statistics it reads or updates.
 */
public record OpContext(Mode mode, long seed, String layer, long step, int batch, RunningStats runningStats) {

    /** A context for ops that need no running statistics. */
    public static OpContext of(final Mode mode, final long seed, final String layer, final long step, final int batch) {
        return new OpContext(mode, seed, layer, step, batch, null);
    }

    public boolean training() {
        return mode == Mode.TRAINING;
    }
}
