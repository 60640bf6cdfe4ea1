package dev.locus.runtime.checkpoint;

import java.util.List;
import java.util.Objects;

/**
 * The trained parameters of one network after some epoch: what {@link CheckpointFile} writes
 * and reads.
 *
 * @param network the network's name in the program, checked when the checkpoint is restored
 * @param epoch the epoch after which it was taken (1-based; 0 for untrained parameters)
 * @param tensors the parameters, in the model's order
 */
public record Checkpoint(String network, int epoch, List<NamedTensor> tensors) {

    public Checkpoint {
        Objects.requireNonNull(network, "network");
        tensors = List.copyOf(tensors);
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        final java.util.Set<String> names = new java.util.HashSet<>();
        for (final NamedTensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("parameter " + t.name() + " appears twice");
            }
        }
    }
}
