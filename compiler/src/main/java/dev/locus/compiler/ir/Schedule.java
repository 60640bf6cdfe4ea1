package dev.locus.compiler.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order a graph's blocks run in, for the three things a backend does:
 * <ul>
 *   <li>{@code init}, once, before anything else: every layer's INIT block (its fixed tensors),
 *       from the first layer to the last;</li>
 *   <li>{@code train}, a training step: the FORWARD blocks from the first layer to the output
 *       layer, then the UPDATE blocks from the output layer down to the first (so that an error
 *       a layer propagates is ready before the layer below needs it); after the last block the
 *       TRAINING_STEP state advances by one;</li>
 *   <li>{@code predict}: the FORWARD blocks alone, in the same order, in predicting mode (no
 *       labels, no state written).</li>
 * </ul>
 * This is the one place the order is written; the verifier, the locality check and every backend
 * follow it.
 */
public record Schedule(List<IrBlock> init, List<IrBlock> train, List<IrBlock> predict) {

    public Schedule {
        init = List.copyOf(init);
        train = List.copyOf(train);
        predict = List.copyOf(predict);
    }

    static Schedule of(final IrGraph graph) {
        Comparator<IrBlock> up = Comparator.comparingInt(IrBlock::layerIndex);
        List<IrBlock> init = kind(graph, IrBlock.Kind.INIT, up);
        List<IrBlock> forward = kind(graph, IrBlock.Kind.FORWARD, up);
        List<IrBlock> train = new ArrayList<>(forward);
        train.addAll(kind(graph, IrBlock.Kind.UPDATE, up.reversed()));
        return new Schedule(init, train, forward);
    }

    private static List<IrBlock> kind(final IrGraph graph, final IrBlock.Kind kind, final Comparator<IrBlock> order) {
        return graph.blocks().stream().filter(b -> b.kind() == kind).sorted(order).toList();
    }

    /** The UPDATE blocks of a training step, in the order they run. */
    public List<IrBlock> updates() {
        return train.stream().filter(b -> b.kind() == IrBlock.Kind.UPDATE).toList();
    }
}
