package dev.locus.hw.graph;

import dev.locus.compiler.ir.ElementType;
import dev.locus.compiler.ir.IrValue;

/**
 * An edge of the dataflow graph: one value flowing from a node to another, as a FIFO stream (or a
 * memory port for weights and stored activations). Its width (elements per beat) follows the
 * producer's folding; its depth is 2 for a stream FIFO and the whole value for an edge whose reader
 * needs the whole vector first (a loss, a stored activation); its bytes per sample follow the
 * producer's element type and how often the reader goes over the value per sample.
 *
 * @param elementsPerSample the elements that cross the edge per sample: the value's size for a
 *                          stream; a weight matrix times the input vectors that read it (one per
 *                          output pixel of a convolution); a sliding window's input vectors; for
 *                          the per-batch traffic of an update, its size divided by the batch
 */
public record HwEdge(HwNode from, HwNode to, EdgeKind kind, IrValue value, double elementsPerSample) {

    /** Elements of the value (per sample for a batched value; its whole size for an unbatched one). */
    public long elements() {
        return value.type().shape().size();
    }

    /** Bytes of one element on this edge: labels are 32-bit integers, else the producer's element type. */
    public int elementBytes() {
        return value.type().element() == ElementType.INT32 ? 4 : from.precision().bytes();
    }

    public double bytesPerSample() {
        return elementsPerSample * elementBytes();
    }

    /** Elements per beat. */
    public long width() {
        Folding f = from.folding();
        return switch (kind) {
            case WEIGHT -> Math.min(elements(), to.kind().matrix() ? to.folding().lanes() : to.folding().pe());
            case GENERATED -> Math.min(elements(), f.pe());
            default -> Math.min(elements(), f.pe());
        };
    }

    /** FIFO depth in beats. */
    public long depth() {
        boolean whole = kind == EdgeKind.STORE || kind == EdgeKind.LOAD
                || to.kind() == NodeKind.LOCAL_ERROR || to.kind() == NodeKind.LOSS
                || to.kind() == NodeKind.ACTIVATION_BUFFER;
        if (kind == EdgeKind.WEIGHT || kind == EdgeKind.WRITE_BACK) {
            return 1;
        }
        return whole ? Math.max(2, (elements() + width() - 1) / width()) : 2;
    }

    /** Whether the edge goes from a later layer down to an earlier one: the cross-layer backward traffic. */
    public boolean crossLayerBackward() {
        return from.layer() >= 0 && to.layer() >= 0 && from.layer() > to.layer();
    }
}
