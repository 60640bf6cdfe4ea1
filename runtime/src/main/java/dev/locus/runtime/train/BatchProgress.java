package dev.locus.runtime.train;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How far an epoch has got, after one of its batches.
 *
 * @param epoch 1-based, over the whole run
 * @param epochs the epochs of the run
 * @param firstStep the batches of this epoch done before this run took it up: 0, unless the run
 *                  resumed from a checkpoint taken in the middle of it
 * @param step the batches done in this epoch (1-based: the batch just finished)
 * @param steps the batches of the epoch
 * @param samples the training samples seen so far in this epoch, since {@code firstStep}
 * @param seconds the training time of the epoch so far, since {@code firstStep}
 * @param runningLoss per layer, the mean local loss over those samples;
 *                    empty for a layer without a loss of its own
 */
public record BatchProgress(int epoch, int epochs, int firstStep, int step, int steps, int samples, double seconds,
                            List<OptionalDouble> runningLoss) {
    public BatchProgress {
        Objects.requireNonNull(runningLoss, "runningLoss");
        runningLoss = List.copyOf(runningLoss);
    }
}
