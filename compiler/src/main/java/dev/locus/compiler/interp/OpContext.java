package dev.locus.compiler.interp;

/**
 * What an op may need beyond its inputs: the mode, the seed and the layer it belongs to (for
 * random draws), and the batch size (for ops with no batched input). State (the training step,
 * running statistics) comes as inputs, as the IR says.
 */
public record OpContext(Mode mode, long seed, String layer, int batch) {

    public boolean training() {
        return mode == Mode.TRAINING;
    }
}
