package dev.locus.hw.sim;

/**
 * What one node does for one sample, as the simulator counted it by stepping the node's folded
 * schedule: cycles, multiply-accumulates, other element operations and generator draws.
 * An update node's per-batch work is divided by the batch.
 */
public record NodeCounts(double cycles, long macs, long elementOps, long draws) {
}
