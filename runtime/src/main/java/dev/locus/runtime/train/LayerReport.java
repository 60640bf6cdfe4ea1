package dev.locus.runtime.train;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One layer over one epoch: the mean of its local loss over the training samples, and the
 * fraction of them its classifier got right. Both are empty for a layer that has no loss of its
 * own (a hidden layer under backprop or feedback alignment only passes the error on), so that
 * no one mistakes "nothing to report" for a loss of 0.
 */
public record LayerReport(String name, OptionalDouble localLoss, OptionalDouble localAccuracy) {

    public LayerReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(localLoss, "localLoss");
        Objects.requireNonNull(localAccuracy, "localAccuracy");
    }

    /** A layer with a local loss and a classifier. */
    public static LayerReport local(final String name, final double loss, final double accuracy) {
        return new LayerReport(name, OptionalDouble.of(loss), OptionalDouble.of(accuracy));
    }

    /** A layer that only propagates: nothing of its own to report. */
    public static LayerReport propagating(final String name) {
        return new LayerReport(name, OptionalDouble.empty(), OptionalDouble.empty());
    }
}
