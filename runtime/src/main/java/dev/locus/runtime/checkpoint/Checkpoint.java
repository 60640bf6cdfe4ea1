package dev.locus.runtime.checkpoint;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link CheckpointFile} writes and reads: a network's parameters and training state at a
 * position of its training, with where it came from.
 *
 * @param provenance the network, rule, program and Locus that made it
 * @param position how far training had gone
 * @param tensors the parameters, then the training state, in the model's order
 */
public record Checkpoint(Provenance provenance, TrainingPosition position, List<CheckpointTensor> tensors) {

    public Checkpoint {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(position, "position");
        tensors = List.copyOf(tensors);
        final Set<String> names = new HashSet<>();
        for (final CheckpointTensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tensor " + t.name() + " appears twice");
            }
        }
    }

    /** The tensor named {@code name}, or null. */
    public CheckpointTensor tensor(final String name) {
        for (final CheckpointTensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
