package dev.locus.runtime.train;

/**
 * Watches a run of {@link TrainingDriver}: the start of each epoch, each batch done, each epoch's
 * report; and may ask the driver to stop, which it does between two batches (Ctrl-C: the batch in
 * hand is finished, the checkpoint written at the position reached, and the run ends early).
 */
public interface TrainingMonitor {
    /**
     * Epoch {@code epoch} of {@code epochs} begins: {@code steps} batches over {@code samples}
     * samples, of which the first {@code firstStep} were done before (a run resumed in the middle
     * of the epoch; else 0).
     */
    default void epochStarted(final int epoch, final int epochs, final int firstStep, final int steps,
                              final int samples) {
    }

    /** A batch is done; called after every training step, so it must be quick. */
    default void batchDone(final BatchProgress progress) {
    }

    /** The epoch is done and measured; called before its checkpoint is written. */
    void epochDone(EpochReport report);

    /** Asked between batches: true ends the run after the batch in hand. */
    default boolean stopRequested() {
        return false;
    }
}
