package dev.locus.compiler.pass;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common subexpression elimination inside each block: a pure op ({@link OpKind#pure}) with the
 * same kind, inputs, attributes and type as an earlier op of its block computes the same value,
 * so its readers read the earlier one and it goes. One sweep in block order suffices: by the time
 * an op is looked at, its inputs have been merged already.
 *
 * <p>Feedback alignment is where it pays: the error a layer sends down takes a differentiation
 * pass of its own (through the fixed matrices), which computes again the gradients that the
 * layer's own pass computed (the loss's gradient, the activations' gradients).
 *
 * <p>It stays within one block, so no value moves between layers or between a step's forward and
 * update halves; it merges only equal computations, so every value is bit for bit what it was.
 */
public final class CommonSubexpressions implements Pass {

    /** What makes two ops compute the same value. */
    private record Key(OpKind kind, List<IrValue> inputs, Attrs attrs, TensorType type) {
    }

    @Override
    public String name() {
        return "common-subexpressions";
    }

    @Override
    public boolean run(final IrGraph graph) {
        boolean changed = false;
        for (IrBlock block : graph.blocks()) {
            Map<Key, IrValue> seen = new HashMap<>();
            for (IrOp op : new ArrayList<>(block.ops())) {
                if (!op.kind().pure() || op.output() == null) {
                    continue;
                }
                Key key = new Key(op.kind(), List.copyOf(op.inputs()), op.attrs(), op.output().type());
                IrValue earlier = seen.putIfAbsent(key, op.output());
                if (earlier != null) {
                    graph.replaceAllUses(op.output(), earlier);
                    block.remove(op);
                    changed = true;
                }
            }
        }
        return changed;
    }
}
