package dev.locus.hw.graph;

import java.util.Locale;

/** What an edge of the dataflow graph carries. */
public enum EdgeKind {
    /** Activations in a FIFO, forward. */
    STREAM,
    /** Weights read from a weight memory. */
    WEIGHT,
    /** A fixed tensor's elements from its generator, as they are drawn. */
    GENERATED,
    /** Labels. */
    LABEL,
    /** An activation written into a layer's activation buffer during the forward pass. */
    STORE,
    /** An activation read back from the buffer by the layer's update. */
    LOAD,
    /** An error or gradient inside the backward pass (from another layer when the edge goes down). */
    ERROR,
    /** A parameter's gradient to its update node. */
    GRADIENT,
    /** The update's new weights and optimizer state written back to the weight memory. */
    WRITE_BACK;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
