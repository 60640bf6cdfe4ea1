package dev.locus.runtime.train;

/**
 * One layer over one epoch: the mean of its local loss over the training samples, and the
 * fraction of them its classifier got right.
 */
public record LayerReport(String name, double localLoss, double localAccuracy) {
}
