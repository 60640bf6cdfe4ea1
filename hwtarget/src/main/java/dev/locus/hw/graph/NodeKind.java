package dev.locus.hw.graph;

import java.util.Locale;

/** What a node of the dataflow graph is. */
public enum NodeKind {
    /** Streams the minibatch's images in from off-chip memory. */
    INPUT,
    /** Streams the labels in. */
    LABELS,
    /** A convolution's sliding-window generator: turns the image stream into the MVAU's input vectors. */
    SLIDING_WINDOW,
    /** A matrix-vector unit (FINN's MVAU) with the bias and activation that follow it fused in. */
    MVAU,
    /** Max or average pooling. */
    POOL,
    /** Channel concatenation of several streams ({@code from a, b}). */
    CONCAT,
    /** Element-wise arithmetic or an activation not fused into an MVAU. */
    ELEMENTWISE,
    /** Draws the dropout masks on the fly. */
    DROPOUT_GENERATOR,
    /** Regenerates a rule's fixed random tensor (a classifier, a feedback matrix) on the fly: no memory. */
    CLASSIFIER_GENERATOR,
    /** A hidden layer's local error: its classifier's scores, the loss and the error at the layer's output. */
    LOCAL_ERROR,
    /** The output layer's loss and its gradient at the scores. */
    LOSS,
    /** The error through the layer's own element-wise ops (activation, pooling, dropout) back to its MVAU. */
    BACKWARD,
    /** The error through the layer's weights back to its input, for the layer below (propagate). */
    BACKWARD_MVAU,
    /** The gradient of a parameter: an outer product of the stored input and the error, accumulated over the batch. */
    GRADIENT,
    /** The optimizer's step on one parameter, once per batch, beside its weight memory. */
    UPDATE,
    /** One parameter's memory: the weights, their gradient accumulator and the optimizer's state. */
    WEIGHT_MEMORY,
    /** The activations a layer's update reads, stored from its forward pass until the error arrives. */
    ACTIVATION_BUFFER;

    /** The name in graph.json: {@code local_error}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the node holds data in a memory (SRAM or DRAM by its size) rather than streaming it. */
    public boolean memory() {
        return this == WEIGHT_MEMORY || this == ACTIVATION_BUFFER;
    }

    /** Whether the node's folding has a SIMD dimension (it multiplies matrices). */
    public boolean matrix() {
        return this == MVAU || this == LOCAL_ERROR || this == BACKWARD_MVAU || this == GRADIENT
                || this == SLIDING_WINDOW;
    }
}
