package dev.locus.runtime.train;

import dev.locus.runtime.checkpoint.Provenance;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to train, from a {@code train} block.
 *
 * @param provenance the network's name (in reports), and what its checkpoints say they come from
 * @param batch the minibatch size; also the largest batch ever passed to the model
 * @param schedule simultaneous or layerwise
 * @param seed the seed of the data order (and, in the model, of everything else random)
 * @param checkpoint where to write a checkpoint after every epoch, if anywhere
 */
public record TrainingPlan(Provenance provenance, int batch, Schedule schedule, long seed, Optional<Path> checkpoint) {

    public TrainingPlan {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
    }

    /** The network's name. */
    public String network() {
        return provenance.network();
    }
}
