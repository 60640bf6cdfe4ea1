package dev.locus.plot;

import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.LayerReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The accuracies of one training run, epoch by epoch: what a picture draws.
 *
 * @param label how the legend names the run when several are drawn (a file name and a network)
 * @param network the network trained
 * @param layers the network's layers, in order
 * @param epochs the epochs, in order
 */
public record RunHistory(String label, String network, List<String> layers, List<Epoch> epochs) {

    public RunHistory {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(network, "network");
        layers = List.copyOf(layers);
        epochs = List.copyOf(epochs);
    }

    /**
     * One epoch: its number, the test accuracy, and each layer's local accuracy on the training
     * samples (empty for a layer without a loss of its own or without a classifier), as fractions.
     */
    public record Epoch(int epoch, double testAccuracy, List<OptionalDouble> localAccuracy) {
        public Epoch {
            localAccuracy = List.copyOf(localAccuracy);
        }
    }

    /** The run of these reports (of one network, in order). */
    public static RunHistory of(final String label, final List<EpochReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one epoch");
        }
        List<String> layers = reports.get(0).layers().stream().map(LayerReport::name).toList();
        List<Epoch> epochs = new ArrayList<>();
        for (EpochReport r : reports) {
            epochs.add(new Epoch(r.epoch(), r.testAccuracy(),
                    r.layers().stream().map(LayerReport::localAccuracy).toList()));
        }
        return new RunHistory(label, reports.get(0).network(), layers, epochs);
    }

    /** Whether layer {@code layer} has a local accuracy in some epoch (else nothing of it is drawn). */
    public boolean hasLocalAccuracy(final int layer) {
        return epochs.stream().anyMatch(e -> e.localAccuracy().get(layer).isPresent());
    }
}
