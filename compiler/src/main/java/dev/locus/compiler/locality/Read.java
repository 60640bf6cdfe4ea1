package dev.locus.compiler.locality;

import java.util.List;

/**
 * One kind of thing that a layer's update block reads. {@code layer} is the layer it belongs to
 * (the reader's own, a layer below for INPUT, the later layer for ERROR and WEIGHT; null for the
 * images and the labels); {@code names} are the parameters or fixed tensors read, by the names
 * they have in checkpoints ({@code fc1.weight}; {@code fc1.weight_2} for a second dense or conv2d of
 * the layer; {@code fc1.learned.C} for a rule's learned tensor), for PARAMETERS, FIXED, LEARNED and
 * WEIGHT. A rule's learned tensors are parameters of their layer, listed apart from those of its ops.
 */
public record Read(Kind kind, String layer, List<String> names) {

    /** In the order an explanation lists them: from below, the layer's own, then from above. */
    public enum Kind { IMAGES, INPUT, FORWARD, PARAMETERS, FIXED, LEARNED, LABELS, UPDATE, ERROR, WEIGHT }

    public Read {
        names = List.copyOf(names);
    }

    /** What the reader {@code reader} reads, in words. */
    public String describe(final String reader) {
        String listed = names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
        return switch (kind) {
            case IMAGES -> "its input (the images)";
            case INPUT -> "its input (the output of " + layer + ")";
            case FORWARD -> "its forward values";
            case PARAMETERS -> (layer.equals(reader) ? "its parameters" : "the parameters of " + layer) + listed;
            case FIXED -> (layer.equals(reader) ? "its fixed tensors" : "the fixed tensors of " + layer) + listed;
            case LEARNED -> (layer.equals(reader) ? "its learned tensors" : "the learned tensors of " + layer) + listed;
            case LABELS -> "the labels";
            case UPDATE -> "its own update values";
            case ERROR -> "the error of " + layer;
            case WEIGHT -> "the weights of " + layer + listed;
        };
    }
}
