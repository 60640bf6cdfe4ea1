package dev.locus.runtime.train;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one epoch did.
 *
 * @param network the name of the network trained
 * @param epoch 1-based, counted over the whole run (layerwise phases included)
 * @param epochs the number of epochs of the run
 * @param phase under a layerwise schedule, the layer that trains alone in this epoch; empty when
 *              every layer trains together
 * @param trained the layers that took updates in this epoch
 * @param testAccuracy the fraction of test samples predicted right after the epoch
 * @param imagesPerSecond training samples over {@code trainSeconds}
 * @param trainSeconds the training loop alone (no test pass, no checkpoint)
 * @param layers every layer, in order
 */
public record EpochReport(String network, int epoch, int epochs, Optional<Phase> phase, List<String> trained,
                          double testAccuracy, double imagesPerSecond, double trainSeconds, List<LayerReport> layers) {

    public EpochReport {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(phase, "phase");
        trained = List.copyOf(trained);
        layers = List.copyOf(layers);
    }

    /**
     * One phase of a layerwise schedule: layer {@code index} of {@code of} (1-based, in the
     * network's order) trains while the others are frozen.
     */
    public record Phase(String layer, int index, int of) {
        public Phase {
            Objects.requireNonNull(layer, "layer");
            if (index < 1 || index > of) {
                throw new IllegalArgumentException("phase " + index + " of " + of);
            }
        }
    }
}
