package dev.locus.compiler.check;

import dev.locus.compiler.source.Span;
import java.util.List;

/** A network whose every layer has known shapes: what rule expansion turns into IR. */
public record CheckedNetwork(String name, String inputName, Shape input, int classes, List<CheckedLayer> layers,
                             Span span) {
    public CheckedNetwork {
        layers = List.copyOf(layers);
    }

    public CheckedLayer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    public List<CheckedLayer> hiddenLayers() {
        return layers.subList(0, layers.size() - 1);
    }
}
