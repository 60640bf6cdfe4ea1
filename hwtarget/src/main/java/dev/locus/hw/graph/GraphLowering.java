package dev.locus.hw.graph;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.ValueRole;
import dev.locus.runtime.LocusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a verified IR graph to the dataflow graph. The ops of each block are cut, in the block's
 * order, into runs that one unit computes: a run ends where an op of another kind of unit starts,
 * and a new run starts at each op that is a unit by itself (a matrix product on weights, a pooling,
 * a gradient, an optimizer step). Cutting a topological order into consecutive runs can never make
 * a cycle, so the graph is a DAG (write-backs aside) whatever the rule computes.
 *
 * <p>The units: a forward MVAU per matrix product or convolution on a layer's weights (a
 * convolution fed by a sliding-window generator), with the bias and activation that follow fused
 * in; pooling, concatenation and element-wise units; a dropout-mask generator; per fixed tensor
 * of the rule a generator that redraws it from its seeded stream each time it is read (no memory);
 * the local-error unit (the loss of a hidden layer's rule, its classifier and the error at the
 * layer's output) or the output layer's loss; the backward units (element-wise, and an MVAU
 * through the layer's forward weights for the error a {@code propagate} sends down); per parameter
 * a gradient unit, an update unit and the weight memory they sit beside; and per layer the buffer
 * of the forward values its update reads. A parameter that only the update block reads (a learned
 * classifier) gets its memory, gradient and update units in its own layer like any other.
 *
 * <p>An op that no unit computes is an error at that op's line: training batch normalization (it
 * needs the statistics of the whole minibatch before any sample can go on, which a pipeline that
 * streams one sample at a time cannot do).
 */
public final class GraphLowering {
    private final IrGraph ir;
    private final HwGraph graph;
    private final Precision precision;
    private final Map<IrValue, HwNode> producedBy = new IdentityHashMap<>();
    private final Map<IrOp, HwNode> nodeOf = new IdentityHashMap<>();
    private final Map<IrValue, HwNode> memoryOf = new IdentityHashMap<>();
    private final Map<IrOp, HwNode> windowOf = new IdentityHashMap<>();
    private final Map<Integer, HwNode> bufferOf = new HashMap<>();
    private final Set<IrValue> forwardWeights = new HashSet<>();
    private final HwNode input;
    private final HwNode labels;

    private GraphLowering(final IrGraph ir, final String rule, final Precision precision) {
        this.ir = ir;
        this.precision = precision;
        this.graph = new HwGraph(ir, rule);
        input = graph.add("input", -1, "", NodeKind.INPUT, precision);
        input.addElements(ir.images().type().shape().size());
        labels = graph.add("labels", -1, "", NodeKind.LABELS, precision);
        labels.addElements(1);
        producedBy.put(ir.images(), input);
        if (ir.labels() != null) {
            producedBy.put(ir.labels(), labels);
        }
    }

    /**
     * The dataflow graph of {@code ir} trained under {@code rule} (its name, for the output), every
     * node of element type {@code precision}, folded 1 x 1.
     *
     * @throws LocusException naming the file and line of an op no unit can compute
     */
    public static HwGraph lower(final IrGraph ir, final String rule, final Precision precision) {
        GraphLowering l = new GraphLowering(ir, rule, precision);
        l.memories();
        l.generators();
        for (IrBlock b : ir.schedule().train()) {
            l.block(b);
        }
        l.checkEveryOpMapped();
        l.edges();
        l.draws();
        if (l.graph.hasCycle()) {
            throw new IllegalStateException("the dataflow graph of " + ir.network().name() + " has a cycle");
        }
        return l.graph;
    }

    // ---------------------------------------------------------------- nodes

    private void memories() {
        for (IrBlock b : ir.blocks()) {
            if (b.kind() == IrBlock.Kind.FORWARD) {
                for (IrOp op : b.ops()) {
                    op.inputs().stream().filter(v -> v.role() == ValueRole.PARAMETER).forEach(forwardWeights::add);
                }
            }
        }
        for (IrValue p : ir.parameters()) {
            int layer = ir.layerIndex(p.layer());
            HwNode m = graph.add(p.name() + ".memory", layer, p.layer(), NodeKind.WEIGHT_MEMORY, precision);
            // the weights and, beside them, the gradient accumulated over the batch
            m.hold(p, 2 * p.type().shape().size());
            memoryOf.put(p, m);
        }
        for (IrValue s : ir.states()) {
            if (s.stateOf() != null && memoryOf.containsKey(s.stateOf())) {
                memoryOf.get(s.stateOf()).hold(s, s.type().shape().size());
                memoryOf.put(s, memoryOf.get(s.stateOf()));
            }
        }
    }

    private void generators() {
        for (IrBlock b : ir.schedule().init()) {
            for (IrOp op : b.ops()) {
                if (op.kind() == OpKind.INIT_PARAMETER) {
                    // A learned tensor's first value is written into its layer's memory once, at load.
                    place(op, memoryOf.get(op.input(0)));
                    continue;
                }
                String what = op.attrs() instanceof Attrs.Draw d ? d.key()
                        : op.attrs() instanceof Attrs.SignConcordant sc ? sc.key() : op.output().name();
                HwNode g = graph.add(unique(b.layer() + ".generator." + what), b.layerIndex(), b.layer(),
                        NodeKind.CLASSIFIER_GENERATOR, precision);
                place(op, g);
            }
        }
    }

    private void block(final IrBlock b) {
        HwNode current = null;
        List<IrOp> pending = new ArrayList<>();
        boolean update = b.kind() == IrBlock.Kind.UPDATE;
        for (IrOp op : b.ops()) {
            unmappable(op);
            if (op.kind() == OpKind.RESHAPE) {
                if (current == null) {
                    pending.add(op);
                } else {
                    place(op, current);
                }
                continue;
            }
            NodeKind kind = update ? updateKind(b, op) : forwardKind(op, current);
            boolean head = head(op, kind);
            if (!head && current != null && current.kind() == kind) {
                place(op, current);
                continue;
            }
            current = newNode(b, op, kind);
            for (IrOp p : pending) {
                place(p, current);
            }
            pending.clear();
            place(op, current);
        }
        if (!pending.isEmpty()) {
            HwNode views = graph.add(unique(b.layer() + ".view"), b.layerIndex(), b.layer(), NodeKind.ELEMENTWISE,
                    precision);
            pending.forEach(p -> place(p, views));
        }
    }

    private HwNode newNode(final IrBlock b, final IrOp op, final NodeKind kind) {
        String base = b.layer() + "." + kind.jsonName();
        if (kind == NodeKind.UPDATE || kind == NodeKind.GRADIENT) {
            IrValue p = kind == NodeKind.UPDATE ? op.input(0) : updatedBy(op);
            if (p != null) {
                base += "." + p.name().substring(p.layer().length() + 1);
            }
        }
        if (op.kind() == OpKind.CONV2D && kind == NodeKind.MVAU) {
            HwNode window = graph.add(unique(b.layer() + ".sliding_window"), b.layerIndex(), b.layer(),
                    NodeKind.SLIDING_WINDOW, precision);
            MatrixShape m = matrix(op);
            window.addMatrix(new MatrixShape(1, m.mw(), m.vectors()));
            windowOf.put(op, window);
        }
        return graph.add(unique(base), b.layerIndex(), b.layer(), kind, precision);
    }

    /** The parameter whose APPLY_UPDATE reads the gradient {@code op} computes, if one does. */
    private IrValue updatedBy(final IrOp op) {
        for (IrOp user : ir.uses(op.output())) {
            if (user.kind() == OpKind.APPLY_UPDATE && user.input(1) == op.output()) {
                return user.input(0);
            }
        }
        return null;
    }

    private static NodeKind forwardKind(final IrOp op, final HwNode current) {
        boolean afterMvau = current != null && current.kind() == NodeKind.MVAU;
        return switch (op.kind()) {
            case MATMUL, FA_MATMUL, CONV2D -> NodeKind.MVAU;
            case ADD_BIAS, RELU, TANH, SIGMOID, LEAKY_RELU -> afterMvau ? NodeKind.MVAU : NodeKind.ELEMENTWISE;
            case MAXPOOL, AVGPOOL -> NodeKind.POOL;
            case CONCAT -> NodeKind.CONCAT;
            case DROPOUT_MASK -> NodeKind.DROPOUT_GENERATOR;
            default -> NodeKind.ELEMENTWISE;
        };
    }

    private NodeKind updateKind(final IrBlock b, final IrOp op) {
        NodeKind error = b.layerIndex() == ir.network().outputLayer().index() ? NodeKind.LOSS : NodeKind.LOCAL_ERROR;
        return switch (op.kind()) {
            case APPLY_UPDATE -> NodeKind.UPDATE;
            case MATMUL_GRAD_RIGHT, CONV2D_GRAD_WEIGHT, BIAS_GRAD -> NodeKind.GRADIENT;
            case MATMUL_GRAD_LEFT, CONV2D_GRAD_INPUT -> forwardWeights.contains(op.input(1)) ? NodeKind.BACKWARD_MVAU
                    : error;
            case RELU_GRAD, TANH_GRAD, SIGMOID_GRAD, LEAKY_RELU_GRAD, MAXPOOL_GRAD, AVGPOOL_GRAD, SLICE_CHANNELS ->
                    NodeKind.BACKWARD;
            case MUL -> op.inputs().stream().anyMatch(v -> v.definition() != null
                    && v.definition().kind() == OpKind.DROPOUT_MASK) ? NodeKind.BACKWARD : error;
            default -> error;
        };
    }

    /** Whether {@code op} starts a unit of its own rather than joining the run before it. */
    private static boolean head(final IrOp op, final NodeKind kind) {
        return switch (op.kind()) {
            case MATMUL, FA_MATMUL, CONV2D -> kind == NodeKind.MVAU;
            case MATMUL_GRAD_LEFT, CONV2D_GRAD_INPUT -> kind == NodeKind.BACKWARD_MVAU;
            case MAXPOOL, AVGPOOL, CONCAT, DROPOUT_MASK, APPLY_UPDATE, MATMUL_GRAD_RIGHT, CONV2D_GRAD_WEIGHT,
                 BIAS_GRAD -> true;
            default -> false;
        };
    }

    private static void unmappable(final IrOp op) {
        switch (op.kind()) {
            case BATCHNORM, BATCHNORM_GRAD_INPUT, BATCHNORM_GRAD_GAMMA, BATCHNORM_GRAD_BETA ->
                    throw new LocusException(op.origin() + ": " + op.kind().name().toLowerCase(Locale.ROOT)
                            + " has no hardware node: training batch normalization needs the statistics of the whole"
                            + " minibatch before any sample can go on, and the dataflow graph streams one sample at"
                            + " a time (use it outside --target hw, or drop it from the network)");
            default -> {
            }
        }
    }

    private void place(final IrOp op, final HwNode node) {
        node.addOp(op);
        nodeOf.put(op, node);
        if (op.output() != null) {
            producedBy.put(op.output(), node);
        }
        MatrixShape m = matrix(op);
        if (m != null) {
            node.addMatrix(m);
        } else if (op.kind() == OpKind.APPLY_UPDATE) {
            node.addUpdateElements(op.input(0).type().shape().size());
        } else if (op.kind() == OpKind.DROPOUT_MASK) {
            node.addDraws(op.output().type().shape().size());
        } else if (op.kind() != OpKind.RESHAPE && op.kind() != OpKind.CONST && op.block().kind() != IrBlock.Kind.INIT) {
            node.addElements(elementWork(op));
        }
    }

    /** The element-wise operations of an op per sample: the largest of its output and inputs. */
    private static long elementWork(final IrOp op) {
        long n = op.output() == null ? 0 : op.output().type().shape().size();
        for (IrValue v : op.inputs()) {
            if (v.type().batched()) {
                n = Math.max(n, v.type().shape().size());
            }
        }
        return n;
    }

    /** The matrix-vector work of a matrix product, a convolution or one of their gradients; null for any other op. */
    static MatrixShape matrix(final IrOp op) {
        Shape out = op.output() == null ? null : op.output().type().shape();
        switch (op.kind()) {
            case MATMUL, FA_MATMUL -> {
                Shape m = op.input(1).type().shape();
                return new MatrixShape(m.dim(1), m.dim(0), op.input(0).type().shape().size() / m.dim(0));
            }
            case MATMUL_GRAD_LEFT -> {
                Shape m = op.input(1).type().shape();
                return new MatrixShape(m.dim(0), m.dim(1), op.input(0).type().shape().size() / m.dim(1));
            }
            case MATMUL_GRAD_RIGHT -> {
                return new MatrixShape(out.dim(1), out.dim(0), op.input(0).type().shape().size() / out.dim(0));
            }
            case CONV2D -> {
                Shape w = op.input(1).type().shape();
                return new MatrixShape(w.dim(0), (long) w.dim(1) * w.dim(2) * w.dim(3), (long) out.dim(1) * out.dim(2));
            }
            case CONV2D_GRAD_INPUT -> {
                Shape w = op.input(1).type().shape();
                Shape g = op.input(0).type().shape();
                return new MatrixShape(w.dim(1), (long) w.dim(0) * w.dim(2) * w.dim(3), (long) g.dim(1) * g.dim(2));
            }
            case CONV2D_GRAD_WEIGHT -> {
                Shape g = op.input(1).type().shape();
                return new MatrixShape(out.dim(0), (long) out.dim(1) * out.dim(2) * out.dim(3),
                        (long) g.dim(1) * g.dim(2));
            }
            default -> {
                return null;
            }
        }
    }

    private void checkEveryOpMapped() {
        for (IrBlock b : ir.blocks()) {
            for (IrOp op : b.ops()) {
                if (!nodeOf.containsKey(op)) {
                    throw new LocusException(op.origin() + ": " + op.kind().name().toLowerCase(Locale.ROOT)
                            + " has no hardware node");
                }
            }
        }
    }

    // ---------------------------------------------------------------- edges

    private void edges() {
        for (IrBlock b : ir.schedule().train()) {
            for (IrOp op : b.ops()) {
                HwNode reader = nodeOf.get(op);
                for (int i = 0; i < op.inputs().size(); i++) {
                    connect(op, i, reader);
                }
                if (op.kind() == OpKind.APPLY_UPDATE) {
                    IrValue p = op.input(0);
                    double perSample = (double) memoryOf.get(p).memoryElements() / graph.batch();
                    graph.connect(new HwEdge(reader, memoryOf.get(p), EdgeKind.WRITE_BACK, p, perSample));
                }
            }
        }
        for (IrBlock b : ir.schedule().init()) {
            for (IrOp op : b.ops()) {
                // INIT_PARAMETER's first input is the memory it sits in: only the drawn value flows in.
                for (int i = op.kind() == OpKind.INIT_PARAMETER ? 1 : 0; i < op.inputs().size(); i++) {
                    connect(op, i, nodeOf.get(op));
                }
            }
        }
    }

    private void connect(final IrOp op, final int index, final HwNode reader) {
        IrValue v = op.input(index);
        boolean update = op.block().kind() == IrBlock.Kind.UPDATE;
        MatrixShape m = matrix(op);
        long size = v.type().shape().size();
        switch (v.role()) {
            case PARAMETER -> {
                double reads = op.kind() == OpKind.APPLY_UPDATE ? (double) size / graph.batch()
                        : m != null && index == 1 ? (double) size * m.vectors()
                        : Math.max(size, op.output() == null ? 0 : op.output().type().shape().size());
                graph.connect(new HwEdge(memoryOf.get(v), reader, EdgeKind.WEIGHT, v, reads));
            }
            case STATE -> {
                if (memoryOf.containsKey(v)) {
                    graph.connect(new HwEdge(memoryOf.get(v), reader, EdgeKind.WEIGHT, v, (double) size / graph.batch()));
                }
                // the training step counter is a register of the dropout generator
            }
            case FIXED -> {
                HwNode generator = producedBy.get(v);
                if (generator != reader) {
                    graph.connect(new HwEdge(generator, reader, EdgeKind.GENERATED, v, (double) size * regenerations(op)));
                }
            }
            case LABELS -> graph.connect(new HwEdge(labels, reader, EdgeKind.LABEL, v, 1));
            case INPUT, COMPUTED -> {
                HwNode from = producedBy.get(v);
                if (from == reader) {
                    return;
                }
                boolean forwardValue = v.role() == ValueRole.INPUT
                        || v.definition().block().kind() == IrBlock.Kind.FORWARD;
                if (update && forwardValue) {
                    HwNode buffer = buffer(v, op);
                    graph.connect(new HwEdge(from, buffer, EdgeKind.STORE, v, size));
                    graph.connect(new HwEdge(buffer, reader, EdgeKind.LOAD, v, size));
                } else if (op.kind() == OpKind.CONV2D && index == 0 && windowOf.containsKey(op)) {
                    HwNode window = windowOf.get(op);
                    graph.connect(new HwEdge(from, window, EdgeKind.STREAM, v, size));
                    MatrixShape conv = matrix(op);
                    graph.connect(new HwEdge(window, reader, EdgeKind.STREAM, v, (double) conv.mw() * conv.vectors()));
                } else {
                    EdgeKind kind = !update ? EdgeKind.STREAM
                            : reader.kind() == NodeKind.UPDATE ? EdgeKind.GRADIENT : EdgeKind.ERROR;
                    graph.connect(new HwEdge(from, reader, kind, v, size));
                }
            }
        }
    }

    /** How many times per sample {@code reader} goes over a fixed tensor it reads: each regenerates it. */
    private long regenerations(final IrOp reader) {
        if (reader.kind() == OpKind.INIT_PARAMETER) {
            return 0; // drawn once, when the memory is loaded: nothing per sample
        }
        if (reader.block().kind() == IrBlock.Kind.INIT) {
            long n = 0;
            for (IrOp user : ir.uses(reader.output())) {
                n += regenerations(user);
            }
            return n;
        }
        MatrixShape m = matrix(reader);
        return m == null ? 1 : m.vectors();
    }

    /**
     * The buffer that keeps a forward value until an update reads it: the buffer of the layer that
     * computed it (one copy whichever layers read it), or of the reading layer for the input images.
     */
    private HwNode buffer(final IrValue v, final IrOp reader) {
        int layer = v.role() == ValueRole.INPUT ? reader.block().layerIndex() : v.definition().block().layerIndex();
        HwNode buffer = bufferOf.computeIfAbsent(layer, i -> {
            String name = ir.network().layers().get(i).name();
            return graph.add(name + ".activation_buffer", i, name, NodeKind.ACTIVATION_BUFFER, precision);
        });
        if (!buffer.held().contains(v)) {
            buffer.hold(v, v.type().shape().size());
        }
        return buffer;
    }

    /** Each generator draws its tensor as often as its readers go over it, per sample. */
    private void draws() {
        for (IrBlock b : ir.schedule().init()) {
            for (IrOp op : b.ops()) {
                if (op.output() == null) {
                    continue;
                }
                long perElement = switch (op.kind()) {
                    case UNIFORM, UNIFORM_LIKE -> 1;
                    case NORMAL, SIGN_CONCORDANT -> 4;
                    default -> 0;
                };
                long regenerated = 0;
                for (IrOp user : ir.uses(op.output())) {
                    regenerated += regenerations(user);
                }
                long size = op.output().type().shape().size();
                nodeOf.get(op).addDraws(perElement * size * regenerated);
                if (perElement == 0) {
                    nodeOf.get(op).addElements(size * regenerated);
                }
            }
        }
    }

    private String unique(final String base) {
        if (graph.nodes().stream().noneMatch(n -> n.name().equals(base))) {
            return base;
        }
        for (int i = 2; ; i++) {
            String name = base + i;
            if (graph.nodes().stream().noneMatch(n -> n.name().equals(name))) {
                return name;
            }
        }
    }
}
