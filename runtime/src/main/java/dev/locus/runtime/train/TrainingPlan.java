package dev.locus.runtime.train;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to train, from a {@code train} block.
 *
 * @param network the network's name (written into checkpoints)
 * @param batch the minibatch size; also the largest batch ever passed to the model
 * @param schedule simultaneous or layerwise
 * @param seed the seed of the data order (and, in the model, of everything else random)
 * @param checkpoint where to write a checkpoint after every epoch, if anywhere
 */
public record TrainingPlan(String network, int batch, Schedule schedule, long seed, Optional<Path> checkpoint) {

    public TrainingPlan {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
    }
}
