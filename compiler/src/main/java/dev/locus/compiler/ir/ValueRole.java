package dev.locus.compiler.ir;

/** Where a value comes from and how long it lives. */
public enum ValueRole {
    /** The network's input images of the minibatch. */
    INPUT,
    /** The labels of the minibatch (int32 classes in [0, classes)). */
    LABELS,
    /** A trained parameter of a layer (weights, bias, batchnorm scale and shift); changed only by APPLY_UPDATE. */
    PARAMETER,
    /**
     * A fixed tensor: computed once, by an op of an INIT block (a rule's `fixed` statement, the
     * feedback matrices of `propagate(feedback: random(scale))`), and never changed.
     */
    FIXED,
    /** Computed by an op of a FORWARD or UPDATE block, afresh at every step. */
    COMPUTED,
    /** Training state ({@link StateKind}): kept across steps, read and written in place by the ops that own it. */
    STATE
}
