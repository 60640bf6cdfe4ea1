package dev.locus.compiler.lower;

import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import java.util.List;

/**
 * A layer's forward pass in the IR: the values it reads from below ({@code inputs}: the previous
 * layer's output or the layers of `from`), {@code in} (the layer's input after concatenation),
 * its output, its parameters with the weight of each dense/conv op, and its ops (the tape that
 * the layer's own gradients walk).
 */
record LayerForward(String layer, int index, List<IrValue> inputs, IrValue in, IrValue out,
                    List<IrValue> parameters, List<IrValue> weights, List<IrOp> ops) {
}
