package dev.locus.compiler.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order a graph's blocks run in, for the three things a backend does:
 * <ul>
 *   <li>{@code init}, once, before anything else: every layer's INIT block (its fixed tensors),
 *       from the first layer to the last;</li>
 *   <li>{@code train}, a training step. Under a local rule ({@link #interleaved}: no UPDATE
 *       block reads a value of another layer but the forward values of the layers before it, such
 *       as its input) each layer's FORWARD block and then its UPDATE block,
 *       from the first layer to the output layer, so that a layer's activations are dead once the
 *       next layer has read them and a backend needs hold only one layer's at a time. Otherwise the
 *       FORWARD blocks from the first layer to the output layer, then the UPDATE blocks from the
 *       output layer down to the first (so that an error a layer propagates is ready before the
 *       layer below needs it). Either way, after the last block the TRAINING_STEP state advances
 *       by one;</li>
 *   <li>{@code predict}: the FORWARD blocks alone, from the first layer to the output layer, in
 *       predicting mode (no labels, no state written): a subsequence of {@code train}.</li>
 * </ul>
 * Both orders of {@code train} compute the same values: an UPDATE block that reads only its own
 * layer's values, the forward values of earlier layers (the input its weights' gradient needs),
 * the images and the labels reads nothing a later layer's blocks define or write, and
 * when no later layer's FORWARD block reads a parameter or state this block's optimizer steps
 * write, moving it before them changes no value they read. Random draws are keyed by the step,
 * not drawn in sequence, so they do not depend on the order either.
 *
 * <p>This is the one place the order is written; the verifier, the locality check and every
 * backend follow it.
 */
public record Schedule(List<IrBlock> init, List<IrBlock> train, List<IrBlock> predict, boolean interleaved) {

    public Schedule {
        init = List.copyOf(init);
        train = List.copyOf(train);
        predict = List.copyOf(predict);
    }

    static Schedule of(final IrGraph graph) {
        Comparator<IrBlock> up = Comparator.comparingInt(IrBlock::layerIndex);
        List<IrBlock> init = kind(graph, IrBlock.Kind.INIT, up);
        List<IrBlock> forward = kind(graph, IrBlock.Kind.FORWARD, up);
        List<IrBlock> updates = kind(graph, IrBlock.Kind.UPDATE, up);
        boolean interleave = interleavable(forward, updates);
        List<IrBlock> train = new ArrayList<>();
        if (interleave) {
            List<IrBlock> both = new ArrayList<>(forward);
            both.addAll(updates);
            // stable: per layer, its FORWARD block (listed first) before its UPDATE block
            both.sort(up);
            train.addAll(both);
        } else {
            train.addAll(forward);
            train.addAll(kind(graph, IrBlock.Kind.UPDATE, up.reversed()));
        }
        return new Schedule(init, train, forward, interleave);
    }

    /**
     * Whether every UPDATE block reads only values of its own layer, of none (the images, the
     * labels), or computed by the FORWARD block of an earlier layer (its input); and no later
     * layer's FORWARD block reads a parameter or state that the UPDATE block writes (its
     * APPLY_UPDATEs' parameters and optimizer state). An error propagated from another layer's
     * UPDATE block (backprop, feedback alignment) is not local, nor is a later layer's output.
     */
    private static boolean interleavable(final List<IrBlock> forward, final List<IrBlock> updates) {
        for (IrBlock update : updates) {
            Set<IrValue> written = new HashSet<>();
            for (IrOp op : update.ops()) {
                for (IrValue in : op.inputs()) {
                    if (in.layer() != null && !in.layer().equals(update.layer()) && !earlierForward(in, update)) {
                        return false;
                    }
                }
                if (op.kind() == OpKind.APPLY_UPDATE) {
                    written.addAll(op.inputs().stream()
                        .filter(v -> v.role() == ValueRole.PARAMETER || v.role() == ValueRole.STATE).toList());
                }
            }
            for (IrBlock later : forward) {
                if (later.layerIndex() > update.layerIndex()
                    && later.ops().stream().flatMap(op -> op.inputs().stream()).anyMatch(written::contains)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code v} is computed by the FORWARD block of a layer before {@code update}'s. */
    private static boolean earlierForward(final IrValue v, final IrBlock update) {
        IrOp definition = v.definition();
        return v.role() == ValueRole.COMPUTED && definition != null
            && definition.block().kind() == IrBlock.Kind.FORWARD
            && definition.block().layerIndex() < update.layerIndex();
    }

    private static List<IrBlock> kind(final IrGraph graph, final IrBlock.Kind kind, final Comparator<IrBlock> order) {
        return graph.blocks().stream().filter(b -> b.kind() == kind).sorted(order).toList();
    }

    /** The UPDATE blocks of a training step, in the order they run. */
    public List<IrBlock> updates() {
        return train.stream().filter(b -> b.kind() == IrBlock.Kind.UPDATE).toList();
    }
}
