package dev.locus.compiler.locality;

import java.util.List;

/**
 * What each layer's update block reads ({@code layers}, in network order), and the cross-layer
 * backward edges (by reader, then source, then kind).
 */
public record LocalityReport(List<LayerReads> layers, List<Edge> edges) {

    /** The reads of one layer's update block, by kind. */
    public record LayerReads(String layer, int index, List<Read> reads) {
        public LayerReads {
            reads = List.copyOf(reads);
        }
    }

    public LocalityReport {
        layers = List.copyOf(layers);
        edges = List.copyOf(edges);
    }

    public boolean isLocal() {
        return edges.isEmpty();
    }
}
