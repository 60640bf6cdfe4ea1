package dev.locus.runtime.train;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One layer over one epoch: the mean of its local loss over the training samples, and the
 * fraction of them its classifier got right. Both are empty for a layer that has no loss of its
 * own (a hidden layer under backprop or feedback alignment only passes the error on), and the
 * accuracy alone is empty for a layer whose loss judges no class scores (a hidden layer under
 * direct random target projection minimizes a product with the projected target), so that no one
 * mistakes "nothing to report" for a loss or an accuracy of 0. An accuracy never comes without a
 * loss: only a layer that minimizes something has a classifier.
 */
public record LayerReport(String name, OptionalDouble localLoss, OptionalDouble localAccuracy) {

    public LayerReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(localLoss, "localLoss");
        Objects.requireNonNull(localAccuracy, "localAccuracy");
        if (localAccuracy.isPresent() && localLoss.isEmpty()) {
            throw new IllegalArgumentException("layer " + name + " has a local accuracy but no local loss");
        }
    }

    /** A layer with a local loss and a classifier. */
    public static LayerReport local(final String name, final double loss, final double accuracy) {
        return new LayerReport(name, OptionalDouble.of(loss), OptionalDouble.of(accuracy));
    }

    /** A layer with a local loss but no classifier: its rule minimizes something other than a loss of class scores. */
    public static LayerReport withoutClassifier(final String name, final double loss) {
        return new LayerReport(name, OptionalDouble.of(loss), OptionalDouble.empty());
    }

    /** A layer that only propagates: nothing of its own to report. */
    public static LayerReport propagating(final String name) {
        return new LayerReport(name, OptionalDouble.empty(), OptionalDouble.empty());
    }
}
