package dev.locus.compiler.locality;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each layer's update block reads, by kind (its input, its own forward values, parameters,
 * fixed tensors, labels, values of other layers), and the cross-layer backward edges.
 */
public record LocalityReport(Map<String, Set<String>> reads, List<Edge> edges) {
    public boolean isLocal() {
        return edges.isEmpty();
    }
}
