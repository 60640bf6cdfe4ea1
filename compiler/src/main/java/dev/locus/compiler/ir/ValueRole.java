package dev.locus.compiler.ir;

/** Where a value comes from. */
public enum ValueRole {
    /** The network's input images of the minibatch. */
    INPUT,
    /** The labels of the minibatch (integers in [0, classes), stored as doubles). */
    LABELS,
    /** A trained parameter of a layer (weights, bias, batchnorm scale and shift). */
    PARAMETER,
    /** Computed by an op (fixed tensors too: by the ops of an INIT block, run once). */
    COMPUTED
}
