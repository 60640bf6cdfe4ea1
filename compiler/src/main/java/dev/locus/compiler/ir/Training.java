package dev.locus.compiler.ir;

/**
 * How a graph trains: the optimizer (every APPLY_UPDATE carries the same one), the seed every
 * draw is keyed by (parameters, fixed tensors, dropout masks; docs/RANDOM.md), and the batch: the
 * most samples a step or a prediction takes at once (the last batch of an epoch may be smaller),
 * which a compiled backend sizes its buffers for.
 */
public record Training(Optimizer optimizer, long seed, int batch) {
    public Training {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch must hold at least 1 sample, got " + batch);
        }
    }
}
