package dev.locus.hw.graph;

import dev.locus.compiler.ir.IrGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The dataflow graph of one network under its rule: nodes (hardware units, each of one layer) and
 * the edges (FIFO streams and memory ports) between them, lowered from the verified IR
 * ({@code dev.locus.hw.lower.GraphLowering}). Within a minibatch the weights do not change, so the
 * samples of a batch stream through it one after the other; the write-back edges from an update
 * node to its weight memory take effect at the end of the batch, and the orderings leave them out
 * (with them the graph has a cycle per parameter: weights, forward, error, gradient, update,
 * weights).
 */
public final class HwGraph {
    private final IrGraph ir;
    private final String rule;
    private final List<HwNode> nodes = new ArrayList<>();
    private final List<HwEdge> edges = new ArrayList<>();

    public HwGraph(final IrGraph ir, final String rule) {
        this.ir = ir;
        this.rule = rule;
    }

    /** The IR the graph was lowered from. */
    public IrGraph ir() {
        return ir;
    }

    public String rule() {
        return rule;
    }

    public String network() {
        return ir.network().name();
    }

    public int batch() {
        return ir.training().batch();
    }

    public List<HwNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<HwEdge> edges() {
        return Collections.unmodifiableList(edges);
    }

    public HwNode node(final String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    public List<HwEdge> into(final HwNode n) {
        return edges.stream().filter(e -> e.to() == n).toList();
    }

    public List<HwEdge> outOf(final HwNode n) {
        return edges.stream().filter(e -> e.from() == n).toList();
    }

    /** The edges from a node of a later layer to a node of an earlier one. */
    public List<HwEdge> crossLayerBackwardEdges() {
        return edges.stream().filter(HwEdge::crossLayerBackward).toList();
    }

    /** The bytes per sample on the cross-layer backward edges. */
    public double crossLayerBackwardBytesPerSample() {
        return crossLayerBackwardEdges().stream().mapToDouble(HwEdge::bytesPerSample).sum();
    }

    /** The nodes of layer {@code index}. */
    public List<HwNode> layer(final int index) {
        return nodes.stream().filter(n -> n.layer() == index).toList();
    }

    /**
     * The order one sample goes through the nodes: a topological order (JGraphT's, write-backs left
     * out) that among the nodes ready at a time takes the lowest layer first, so that a layer's
     * update runs as soon as its error is there: right after its own forward pass under a local
     * rule, after every layer above under backprop.
     */
    public List<HwNode> sampleOrder() {
        Graph<HwNode, DefaultEdge> g = dataflow();
        Comparator<HwNode> lowestLayer = Comparator.comparingInt(HwNode::layer).thenComparingInt(HwNode::id);
        List<HwNode> order = new ArrayList<>();
        new TopologicalOrderIterator<>(g, lowestLayer).forEachRemaining(order::add);
        return order;
    }

    /** Whether the graph without its write-back edges has a cycle (the lowering never makes one). */
    public boolean hasCycle() {
        return new CycleDetector<>(dataflow()).detectCycles();
    }

    private Graph<HwNode, DefaultEdge> dataflow() {
        Graph<HwNode, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        nodes.forEach(g::addVertex);
        for (HwEdge e : edges) {
            if (e.kind() != EdgeKind.WRITE_BACK && e.from() != e.to()) {
                g.addEdge(e.from(), e.to());
            }
        }
        return g;
    }

    // ---------------------------------------------------------------- built by the lowering

    /** A new node of this graph. */
    public HwNode add(final String name, final int layer, final String layerName, final NodeKind kind,
                      final Precision precision) {
        if (nodes.stream().anyMatch(n -> n.name().equals(name))) {
            throw new IllegalArgumentException("node " + name + " twice");
        }
        HwNode n = new HwNode(nodes.size(), name, layer, layerName, kind, precision);
        nodes.add(n);
        return n;
    }

    /** Connects two nodes by {@code edge} unless the same edge is there already. */
    public void connect(final HwEdge edge) {
        if (!edges.contains(edge)) {
            edges.add(edge);
        }
    }
}
