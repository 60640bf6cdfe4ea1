package dev.locus.compiler.ir;

/**
 * How a graph trains: the optimizer (every APPLY_UPDATE carries the same one) and the seed every
 * draw is keyed by (parameters, fixed tensors, dropout masks; docs/RANDOM.md).
 */
public record Training(Optimizer optimizer, long seed) {
}
