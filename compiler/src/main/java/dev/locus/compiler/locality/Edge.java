package dev.locus.compiler.locality;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;

/** A read by an update block of a value that a block of a later layer computes: a cross-layer backward edge. */
public record Edge(IrBlock reader, IrValue value, IrBlock source, IrOp op) {
}
