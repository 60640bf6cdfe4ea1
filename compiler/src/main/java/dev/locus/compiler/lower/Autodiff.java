package dev.locus.compiler.lower;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reverse-mode differentiation inside one layer: from seed gradients on some values back to the
 * {@code targets} (the layer's parameters, and its inputs when the layer below takes its error
 * from here). Only the ops on the {@code tape} (the layer's forward ops and its rule's ops) are
 * walked, so the gradient stops at the layer's input: nothing is differentiated into another
 * layer's blocks.
 */
final class Autodiff {
    private Autodiff() {
    }

    /** The gradient of each target that the seeds reach (targets they do not reach are absent). */
    static Map<IrValue, IrValue> gradients(final List<IrOp> tape, final Map<IrValue, IrValue> seeds,
                                           final Set<IrValue> targets, final IrBlock block,
                                           final UnaryOperator<IrValue> feedback) {
        Set<IrValue> needed = new HashSet<>(targets);
        for (IrOp op : tape) {
            if (op.output() != null && op.inputs().stream().anyMatch(needed::contains)) {
                needed.add(op.output());
            }
        }
        Map<IrValue, IrValue> grads = new HashMap<>(seeds);
        Derivatives d = new Derivatives(block, feedback);
        List<IrOp> reversed = new ArrayList<>(tape);
        java.util.Collections.reverse(reversed);
        for (IrOp op : reversed) {
            IrValue g = op.output() == null ? null : grads.get(op.output());
            if (g == null || op.kind() == OpKind.APPLY_UPDATE) {
                continue;
            }
            for (int i = 0; i < op.inputs().size(); i++) {
                IrValue x = op.input(i);
                if (!needed.contains(x)) {
                    continue;
                }
                IrValue gx = d.vjp(op, i, g);
                if (gx == null) {
                    continue;
                }
                IrValue before = grads.get(x);
                grads.put(x, before == null ? gx
                        : block.op(OpKind.ADD, "dsum", x.type(), List.of(before, gx), op.origin()));
            }
        }
        Map<IrValue, IrValue> out = new HashMap<>();
        for (IrValue t : targets) {
            if (grads.containsKey(t)) {
                out.put(t, grads.get(t));
            }
        }
        return out;
    }
}
