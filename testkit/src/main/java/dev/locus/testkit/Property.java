package dev.locus.testkit;

/** The properties the kit checks on a rule, in the order it checks and reports them. */
public enum Property {
    /**
     * Every update block hands its optimizer the derivative of what the rule minimizes (for a
     * layer that propagates, the sum of the losses at and above it), by central finite differences
     * in double precision; with every feedback path (a {@code fa_matmul}'s feedback derived from its
     * matrix, {@code random} feedback) set to the forward path it stands for.
     */
    GRADIENT("gradient"),
    /** The compiler's locality check finds no cross-layer backward edge (required with {@code requireLocal}). */
    LOCALITY_STATIC("locality-static"),
    /** Moving the parameters and fixed tensors of the layers above a layer leaves its update unchanged, bit for bit. */
    LOCALITY_NUMERIC("locality-numeric"),
    /** The rule's fixed tensors (and random feedback matrices) are bit for bit the same after every training step. */
    FIXED_TENSORS("fixed-tensors"),
    /** One small SGD step of a layer, the others frozen, does not increase that layer's objective on the same batch. */
    DESCENT("descent"),
    /** Two models of one program under one seed train to the same parameters bit for bit, on each backend. */
    DETERMINISM("determinism"),
    /** The JVM backend trains as the reference interpreter does, within the project's cross-backend tolerances. */
    BACKENDS_AGREE("backends-agree"),
    /** Trained on separable clusters, the network's test accuracy beats chance by a clear margin. */
    LEARNS("learns");

    private final String id;

    Property(final String id) {
        this.id = id;
    }

    /** The name the command line prints and JSON carries, e.g. {@code fixed-tensors}. */
    public String id() {
        return id;
    }
}
