package dev.locus.hw.sim;

import dev.locus.hw.graph.EdgeKind;
import dev.locus.hw.graph.HwEdge;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MemoryLevel;
import dev.locus.hw.graph.NodeKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one training sample costs the graph, counted by the simulator: per node its counts (the
 * folded schedule stepped); bytes read and written at each memory level; the most bytes the
 * activation buffers hold at once; the bytes on the cross-layer backward edges; the pipeline's
 * cycles per sample (its slowest node: within a batch the weights are fixed, so samples follow
 * each other through the units) and one sample's latency; and the energy, counts times a cost
 * table.
 *
 * <p>Memory levels: a memory node (weights with their gradient accumulator and optimizer state;
 * an activation buffer) is SRAM when it holds at most the threshold's bytes, else DRAM; reading it
 * and writing it count there. The input images and labels come from DRAM. Stream FIFOs and the
 * accumulators inside units are registers. Per sample, an update node reads and writes its
 * gradient accumulator once (at the level of the parameter's memory); once per batch it reads
 * the weights and the optimizer state and writes them back (a batch's share per sample).
 */
public record Profile(HwGraph graph, Map<HwNode, NodeCounts> nodes, Map<MemoryLevel, Double> reads,
                      Map<MemoryLevel, Double> writes, double streamBytes, long peakActivationBytes, Map<HwNode, Long> peakBufferBytes, double crossLayerBackwardBytes,
                      double cyclesPerSample, double latencyCycles, long macs, long draws, long elementOps, double energyPj, String costs) {

    /** The graph profiled with memories of at most {@code sramBytes} on chip, priced by {@code costs}. */
    public static Profile of(final HwGraph g, final long sramBytes, final CostTable costs) {
        Map<HwNode, NodeCounts> counts = new LinkedHashMap<>();
        for (HwNode n : g.nodes()) {
            counts.put(n, FoldedSchedule.count(n, g.batch()));
        }
        Map<MemoryLevel, Double> reads = new LinkedHashMap<>();
        Map<MemoryLevel, Double> writes = new LinkedHashMap<>();
        for (MemoryLevel l : List.of(MemoryLevel.SRAM, MemoryLevel.DRAM)) {
            reads.put(l, 0.0);
            writes.put(l, 0.0);
        }
        double streams = 0;
        double energy = 0;
        for (HwEdge e : g.edges()) {
            double b = e.bytesPerSample();
            if (e.from().kind().memory()) {
                MemoryLevel level = MemoryLevel.of(e.from().memoryBytes(), sramBytes);
                reads.merge(level, b, Double::sum);
                energy += b / 4 * costs.get(level.jsonName());
            } else if (e.to().kind().memory()) {
                MemoryLevel level = MemoryLevel.of(e.to().memoryBytes(), sramBytes);
                writes.merge(level, b, Double::sum);
                energy += b / 4 * costs.get(level.jsonName());
            } else {
                streams += b;
                energy += b / 4 * costs.get("stream");
            }
        }
        for (HwNode n : g.nodes()) {
            if (n.kind() == NodeKind.INPUT || n.kind() == NodeKind.LABELS) {
                double b = n.kind() == NodeKind.LABELS ? 4 : (double) n.elementsPerSample() * n.precision().bytes();
                reads.merge(MemoryLevel.DRAM, b, Double::sum);
                energy += b / 4 * costs.get("dram");
            }
            if (n.kind() == NodeKind.UPDATE) {
                // the gradient accumulator: read and written once per sample, where the parameter lives
                for (HwEdge e : g.outOf(n)) {
                    if (e.kind() == EdgeKind.WRITE_BACK) {
                        double b = (double) e.value().type().shape().size() * e.to().precision().bytes();
                        MemoryLevel level = MemoryLevel.of(e.to().memoryBytes(), sramBytes);
                        reads.merge(level, b, Double::sum);
                        writes.merge(level, b, Double::sum);
                        energy += 2 * b / 4 * costs.get(level.jsonName());
                    }
                }
            }
        }
        long macs = 0;
        long draws = 0;
        long ops = 0;
        double slowest = 0;
        for (Map.Entry<HwNode, NodeCounts> e : counts.entrySet()) {
            NodeCounts c = e.getValue();
            HwNode n = e.getKey();
            macs += c.macs();
            draws += c.draws();
            ops += c.elementOps();
            slowest = Math.max(slowest, c.cycles());
            // a MAC reads and writes its accumulator: two register accesses
            energy += c.macs() * (costs.mac(n.precision()) + 2 * costs.get("register") * n.precision().bytes() / 4.0)
                    + c.elementOps() * costs.op(n.precision()) + c.draws() * costs.get("draw");
        }
        Map<HwNode, Long> peaks = new LinkedHashMap<>();
        long peak = peakActivations(g, peaks);
        return new Profile(g, counts, reads, writes, streams, peak, peaks, g.crossLayerBackwardBytesPerSample(), slowest,
                latency(g, counts), macs, draws, ops, energy, costs.name());
    }

    /**
     * The cycles from a sample's first pixel in to its last update out, if each node waited for
     * the whole of its inputs: the longest path through the graph (write-backs left out), each
     * node weighing its cycles. Under a local rule a layer's update hangs off its own forward
     * pass; under backprop it waits for every layer above.
     */
    static double latency(final HwGraph g, final Map<HwNode, NodeCounts> counts) {
        Map<HwNode, Double> done = new IdentityHashMap<>();
        double latest = 0;
        for (HwNode n : g.sampleOrder()) {
            double start = 0;
            for (HwEdge e : g.into(n)) {
                if (e.kind() != EdgeKind.WRITE_BACK && done.containsKey(e.from())) {
                    start = Math.max(start, done.get(e.from()));
                }
            }
            double end = start + counts.get(n).cycles();
            done.put(n, end);
            latest = Math.max(latest, end);
        }
        return latest;
    }

    /**
     * The most bytes the activation buffers hold at once while a sample goes through the nodes in
     * {@link HwGraph#sampleOrder()}: a stored value is held from the node that computes it to the
     * last node that loads it. Fills {@code perBuffer} with each buffer's own peak.
     */
    static long peakActivations(final HwGraph g, final Map<HwNode, Long> perBuffer) {
        List<HwNode> order = g.sampleOrder();
        Map<HwNode, Integer> at = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            at.put(order.get(i), i);
        }
        record Held(HwNode buffer, long bytes, int from, int to) {
        }
        List<Held> held = new ArrayList<>();
        for (HwEdge store : g.edges()) {
            if (store.kind() != EdgeKind.STORE) {
                continue;
            }
            int last = at.get(store.from());
            for (HwEdge load : g.outOf(store.to())) {
                if (load.kind() == EdgeKind.LOAD && load.value() == store.value()) {
                    last = Math.max(last, at.get(load.to()));
                }
            }
            held.add(new Held(store.to(), (long) store.elements() * store.elementBytes(), at.get(store.from()), last));
        }
        long peak = 0;
        for (int i = 0; i < order.size(); i++) {
            long now = 0;
            Map<HwNode, Long> byBuffer = new IdentityHashMap<>();
            for (Held h : held) {
                if (h.from() <= i && i <= h.to()) {
                    now += h.bytes();
                    byBuffer.merge(h.buffer(), h.bytes(), Long::sum);
                }
            }
            peak = Math.max(peak, now);
            byBuffer.forEach((b, n) -> perBuffer.merge(b, n, Math::max));
        }
        return peak;
    }

    /** DRAM bytes read and written per sample. */
    public double dramBytes() {
        return reads.get(MemoryLevel.DRAM) + writes.get(MemoryLevel.DRAM);
    }

    /** SRAM bytes read and written per sample. */
    public double sramBytes() {
        return reads.get(MemoryLevel.SRAM) + writes.get(MemoryLevel.SRAM);
    }

    /** Bytes through the stream FIFOs (registers) per sample. */
    public double registerBytes() {
        return streamBytes;
    }

    /** The bytes per sample on each edge, in the graph's order. */
    public List<Double> edgeBytes() {
        return graph.edges().stream().map(HwEdge::bytesPerSample).toList();
    }
}
