package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.TensorType;
import dev.locus.compiler.ir.ValueRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chains of element-wise rule arithmetic that {@link ChainEmitter} computes in one loop: a tree
 * of ADD, SUB, MUL, DIV, NEG, ABS, SIGN and SQRT ops of one block whose inner values are read by
 * nothing but the next op of the tree. Such an inner value is no result, is computed at every step
 * (not once), and has the type of the op that reads it, so element i of the tree's output needs
 * element i of each inner value only. The leaves are values of the output's type or scalars (one
 * float, unbatched). RELU is left out: its kernel is {@code Activations}', not {@code Elementwise}'s.
 */
final class ElementwiseChains {
    private ElementwiseChains() {
    }

    /** Every chained op of {@code graph}'s training step, to the last op of its chain, which computes it. */
    static Map<IrOp, IrOp> of(final IrGraph graph) {
        Map<IrOp, IrOp> reader = new HashMap<>();
        for (IrBlock block : graph.schedule().train()) {
            if (block.kind() == IrBlock.Kind.INIT) {
                continue;
            }
            for (IrOp op : block.ops()) {
                IrOp next = chainedInto(graph, op);
                if (next != null) {
                    reader.put(op, next);
                }
            }
        }
        Map<IrOp, IrOp> root = new HashMap<>();
        for (IrOp op : reader.keySet()) {
            IrOp last = reader.get(op);
            while (reader.containsKey(last)) {
                last = reader.get(last);
            }
            root.put(op, last);
        }
        return root;
    }

    /** The op that computes {@code op} in its own loop; null when {@code op} keeps its own kernel call. */
    private static IrOp chainedInto(final IrGraph graph, final IrOp op) {
        if (!fusable(op)) {
            return null;
        }
        IrValue out = op.output();
        if (out.role() != ValueRole.COMPUTED || graph.isResult(out)) {
            return null;
        }
        List<IrOp> readers = graph.uses(out);
        if (readers.size() != 1) {
            return null;
        }
        IrOp next = readers.get(0);
        if (next.block() != op.block() || !fusable(next) || !out.type().equals(next.output().type())
            || next.inputs().indexOf(out) != next.inputs().lastIndexOf(out)) {
            return null;
        }
        return next;
    }

    /** Whether {@code op} is element-wise arithmetic whose operands are of its output's type or scalars. */
    static boolean fusable(final IrOp op) {
        if (op.output() == null || op.block().kind() == IrBlock.Kind.INIT) {
            return false;
        }
        TensorType type = op.output().type();
        return switch (op.kind()) {
            case ADD, SUB, MUL, DIV -> leaf(op.input(0), type) && leaf(op.input(1), type);
            case NEG, ABS, SIGN, SQRT -> op.input(0).type().equals(type);
            default -> false;
        };
    }

    private static boolean leaf(final IrValue v, final TensorType type) {
        TensorType t = v.type();
        return t.equals(type) || !t.batched() && t.shape().intSize() == 1;
    }
}
