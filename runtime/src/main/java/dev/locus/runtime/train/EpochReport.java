package dev.locus.runtime.train;

import java.util.List;

/**
 * What one epoch did.
 *
 * @param epoch 1-based, counted over the whole run (layerwise phases included)
 * @param epochs the number of epochs of the run
 * @param trained the layers that took updates in this epoch
 * @param testAccuracy the fraction of test samples predicted right after the epoch
 * @param imagesPerSecond training samples over {@code trainSeconds}
 * @param trainSeconds the training loop alone (no test pass, no checkpoint)
 * @param layers every layer, in order
 */
public record EpochReport(int epoch, int epochs, List<String> trained, double testAccuracy, double imagesPerSecond,
                          double trainSeconds, List<LayerReport> layers) {

    public EpochReport {
        trained = List.copyOf(trained);
        layers = List.copyOf(layers);
    }
}
