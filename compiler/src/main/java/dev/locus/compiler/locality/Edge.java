package dev.locus.compiler.locality;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import java.util.List;

/**
 * A cross-layer backward edge: the update block {@code reader} reads something that layer
 * {@code source}, later in the network (at {@code sourceIndex}), holds. One edge per reader,
 * source and kind; {@code values} are what is read (the source's parameters for a WEIGHT edge),
 * and {@code op} is the first of the reader's ops that reads them: its origin is the rule
 * statement that caused the edge.
 */
public record Edge(Kind kind, IrBlock reader, String source, int sourceIndex, List<IrValue> values, IrOp op) {

    public enum Kind {
        /** A value that a block of the later layer computes: under `propagate`, the error it sends down. */
        ERROR,
        /**
         * A parameter of the later layer, read directly or carried by the error it sends down (the
         * error went through it, as through the transpose of the weights under backprop): weight
         * transport, which hardware with separate forward and backward paths cannot do cheaply.
         */
        WEIGHT
    }

    public Edge {
        values = List.copyOf(values);
    }
}
