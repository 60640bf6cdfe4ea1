package dev.locus.compiler.locality;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ValueRole;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locality proof, on the IR (so a pass that breaks it is caught, whatever the source said):
 * an update block may read its layer's input and forward values, its parameters, its fixed
 * tensors, the labels, and values of its own update block. Two reads cross layers backwards:
 * a value computed by a block of a later layer (the error it sends down), and a parameter of a
 * later layer, whether the update block reads it itself or the error it reads was computed from
 * it in the later layer's update block (backprop's transpose of the weights above). The second
 * is weight transport; a rule can be free of it (feedback alignment) and still read errors.
 */
public final class LocalityCheck {
    private LocalityCheck() {
    }

    public static LocalityReport analyze(final IrGraph graph) {
        List<IrBlock> updates = graph.blocks().stream().filter(b -> b.kind() == IrBlock.Kind.UPDATE)
                .sorted(Comparator.comparingInt(IrBlock::layerIndex)).toList();
        List<LocalityReport.LayerReads> layers = new ArrayList<>();
        Map<List<Object>, Found> edges = new LinkedHashMap<>();
        for (IrBlock b : updates) {
            Map<List<Object>, Found> reads = new LinkedHashMap<>();
            for (IrOp op : b.ops()) {
                for (IrValue v : op.inputs()) {
                    classify(graph, b, op, v, reads, edges);
                }
            }
            List<Read> list = reads.values().stream()
                    .sorted(Comparator.comparing((Found f) -> f.read).thenComparingInt(f -> f.layerIndex))
                    .map(f -> new Read(f.read, f.layer, f.names())).toList();
            layers.add(new LocalityReport.LayerReads(b.layer(), b.layerIndex(), list));
        }
        List<Edge> list = edges.values().stream()
                .sorted(Comparator.comparingInt((Found f) -> f.reader.layerIndex()).thenComparingInt(f -> f.layerIndex)
                        .thenComparing(f -> f.read))
                .map(f -> new Edge(f.read == Read.Kind.ERROR ? Edge.Kind.ERROR : Edge.Kind.WEIGHT, f.reader, f.layer,
                        f.layerIndex, f.sortedValues(), f.op))
                .toList();
        return new LocalityReport(layers, list);
    }

    /** Files the read of {@code v} by {@code op} of the update block {@code b}, and any edge it makes. */
    private static void classify(final IrGraph graph, final IrBlock b, final IrOp op, final IrValue v,
                                 final Map<List<Object>, Found> reads, final Map<List<Object>, Found> edges) {
        switch (v.role()) {
            case LABELS -> note(reads, Read.Kind.LABELS, null, -1, b, op, null);
            case INPUT -> note(reads, Read.Kind.IMAGES, null, -1, b, op, null);
            case PARAMETER -> {
                int owner = graph.layerIndex(v.layer());
                if (owner > b.layerIndex()) {
                    note(reads, Read.Kind.WEIGHT, v.layer(), owner, b, op, v);
                    note(edges, Read.Kind.WEIGHT, v.layer(), owner, b, op, v);
                } else {
                    note(reads, graph.isLearned(v) ? Read.Kind.LEARNED : Read.Kind.PARAMETERS, v.layer(), owner, b,
                            op, v);
                }
            }
            case STATE -> {
                // A parameter's optimizer state and a layer's running statistics go with what owns them;
                // state of a later layer would be read across layers like its weights.
                int owner = v.layer() == null ? b.layerIndex() : graph.layerIndex(v.layer());
                if (owner > b.layerIndex()) {
                    note(reads, Read.Kind.WEIGHT, v.layer(), owner, b, op, v);
                    note(edges, Read.Kind.WEIGHT, v.layer(), owner, b, op, v);
                }
            }
            case COMPUTED, FIXED -> {
                IrBlock source = v.definition().block();
                if (source.layerIndex() > b.layerIndex()) {
                    note(reads, Read.Kind.ERROR, source.layer(), source.layerIndex(), b, op, v);
                    note(edges, Read.Kind.ERROR, source.layer(), source.layerIndex(), b, op, v);
                    if (source.kind() == IrBlock.Kind.UPDATE) {
                        for (IrValue p : carriedParameters(graph, v, b.layerIndex())) {
                            int owner = graph.layerIndex(p.layer());
                            note(reads, Read.Kind.WEIGHT, p.layer(), owner, b, op, p);
                            note(edges, Read.Kind.WEIGHT, p.layer(), owner, b, op, p);
                        }
                    }
                } else if (source.layerIndex() < b.layerIndex()) {
                    note(reads, Read.Kind.INPUT, source.layer(), source.layerIndex(), b, op, null);
                } else {
                    switch (source.kind()) {
                        case INIT -> note(reads, Read.Kind.FIXED, source.layer(), source.layerIndex(), b, op, v);
                        case FORWARD -> note(reads, Read.Kind.FORWARD, source.layer(), source.layerIndex(), b, op,
                                null);
                        case UPDATE -> note(reads, Read.Kind.UPDATE, source.layer(), source.layerIndex(), b, op, null);
                    }
                }
            }
        }
    }

    /**
     * The parameters of layers after the reader's that {@code v} was computed from inside the
     * update block that computed it: the weights the error passed through on its way down. The
     * walk stays in that block: forward values (which every layer may read of itself) and errors
     * from further up (edges of that block, not of the reader) are where it stops.
     */
    private static Set<IrValue> carriedParameters(final IrGraph graph, final IrValue v, final int reader) {
        IrBlock block = v.definition().block();
        Set<IrValue> found = new LinkedHashSet<>();
        Set<IrValue> seen = new HashSet<>();
        Deque<IrValue> todo = new ArrayDeque<>(List.of(v));
        while (!todo.isEmpty()) {
            IrValue x = todo.pop();
            if (!seen.add(x)) {
                continue;
            }
            if (x.role() == ValueRole.PARAMETER && graph.layerIndex(x.layer()) > reader) {
                found.add(x);
            } else if (x.definition() != null && x.definition().block() == block) {
                todo.addAll(x.definition().inputs());
            }
        }
        return found;
    }

    private static void note(final Map<List<Object>, Found> into, final Read.Kind read, final String layer,
                             final int layerIndex, final IrBlock reader, final IrOp op, final IrValue named) {
        Found f = into.computeIfAbsent(List.of(reader.layer(), read, layer == null ? "" : layer),
                k -> new Found(read, layer, layerIndex, reader, op));
        if (named != null) {
            f.values.add(named);
        }
    }

    /** A read (or an edge) being gathered: the first op that made it, and the values it names. */
    private static final class Found {
        private final Read.Kind read;
        private final String layer;
        private final int layerIndex;
        private final IrBlock reader;
        private final IrOp op;
        private final Set<IrValue> values = new LinkedHashSet<>();

        Found(final Read.Kind read, final String layer, final int layerIndex, final IrBlock reader, final IrOp op) {
            this.read = read;
            this.layer = layer;
            this.layerIndex = layerIndex;
            this.reader = reader;
            this.op = op;
        }

        /** In the graph's order, which is the order the layer's ops declare them. */
        List<IrValue> sortedValues() {
            return values.stream().sorted(Comparator.comparingInt(IrValue::id)).toList();
        }

        /** The names a read lists: parameters and fixed tensors, not the values an error is made of. */
        List<String> names() {
            return read == Read.Kind.ERROR ? List.of() : sortedValues().stream().map(IrValue::name).distinct().toList();
        }
    }
}
