package dev.locus.hw.io;

import dev.locus.compiler.ir.ValueRole;
import dev.locus.hw.graph.EdgeKind;
import dev.locus.hw.graph.HwEdge;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.NodeKind;
import java.util.List;
import java.util.Locale;

/**
 * graph.dot: the dataflow graph for Graphviz, one cluster per layer; a node's label gives its kind
 * and folding, an edge's its bytes per sample. Cross-layer backward edges are red and bold, so a
 * rule's locality shows at a glance; write-backs are dashed. The reads of optimizer state (beside
 * each weight read by its update) are left out of the picture; graph.json has them.
 */
public final class GraphDot {
    private GraphDot() {
    }

    public static String write(final HwGraph g) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(id(g.network())).append(" {\n");
        out.append("  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=8];\n");
        out.append("  label=").append(quote(g.network() + " under " + g.rule())).append(";\n");
        for (HwNode n : g.nodes()) {
            if (n.layer() < 0) {
                out.append("  ").append(node(n)).append('\n');
            }
        }
        List<String> layers = g.ir().network().layerNames();
        for (int i = 0; i < layers.size(); i++) {
            out.append("  subgraph cluster_").append(i).append(" {\n    label=").append(quote("layer " + i + ": "
                    + layers.get(i))).append(";\n");
            for (HwNode n : g.layer(i)) {
                out.append("    ").append(node(n)).append('\n');
            }
            out.append("  }\n");
        }
        for (HwEdge e : g.edges()) {
            if (e.value().role() == ValueRole.STATE) {
                continue; // the optimizer's state, read beside the weights: graph.json lists it
            }
            out.append("  n").append(e.from().id()).append(" -> n").append(e.to().id()).append(" [label=")
                    .append(quote(e.value().name() + "\\n" + bytes(e.bytesPerSample()) + "/sample"));
            if (e.crossLayerBackward()) {
                out.append(", color=red, penwidth=2");
            } else if (e.kind() == EdgeKind.WRITE_BACK) {
                out.append(", style=dashed");
            }
            out.append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String node(final HwNode n) {
        String label = n.name() + "\\n" + n.kind().jsonName() + " " + n.precision();
        if (n.kind().matrix()) {
            label += "\\nPE " + n.folding().pe() + " x SIMD " + n.folding().simd();
        } else if (!n.kind().memory() && n.kind() != NodeKind.INPUT && n.kind() != NodeKind.LABELS) {
            label += "\\nPE " + n.folding().pe();
        }
        String shape = n.kind().memory() ? ", shape=cylinder" : n.kind() == NodeKind.CLASSIFIER_GENERATOR
                || n.kind() == NodeKind.DROPOUT_GENERATOR ? ", shape=hexagon" : "";
        return "n" + n.id() + " [label=" + quote(label) + shape + "];";
    }

    private static String bytes(final double b) {
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", b / (1 << 20));
        }
        if (b >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KB", b / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }

    private static String id(final String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String quote(final String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
