package dev.locus.compiler.ir;

/**
 * How a parameter starts: {@code kind} is he_uniform, he_normal, xavier_uniform, uniform(parameter
 * = bound), normal(parameter = std), zeros or ones; fan-in and fan-out as PyTorch counts them
 * (dense: in, out; conv2d: in_channels k k, out_channels k k). A rule's learned tensor is
 * {@link #LEARNED}: the registered tensor starts at zero and its layer's INIT block sets it
 * ({@link OpKind#INIT_PARAMETER}).
 */
public record ParameterInit(String kind, double parameter, int fanIn, int fanOut) {
    /** The kind of a rule's `learned` tensor: set by an INIT_PARAMETER op, nothing drawn for it here. */
    public static final String LEARNED_KIND = "learned";

    /** The start of a rule's `learned` tensor, whose value its layer's INIT block computes. */
    public static final ParameterInit LEARNED = new ParameterInit(LEARNED_KIND, 0, 0, 0);

    /** Whether this parameter is a rule's learned tensor rather than a weight of the layer's ops. */
    public boolean learned() {
        return kind.equals(LEARNED_KIND);
    }
}
