package dev.locus.compiler.ir;

import java.util.List;

/**
 * What a backend needs to know of the network an IR graph was lowered from: its name, the number
 * of classes, the shape of one input sample, and its layers in order (the output layer last).
 */
public record IrNetwork(String name, int classes, Shape input, List<Layer> layers) {

    /** A layer: its name, its position from 0, and whether it is the output layer. */
    public record Layer(String name, int index, boolean output) {
    }

    public IrNetwork {
        layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).index() != i || layers.get(i).output() != (i == layers.size() - 1)) {
                throw new IllegalArgumentException("layer " + layers.get(i) + " at position " + i + " of " + layers.size());
            }
        }
    }

    public Layer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    public List<String> layerNames() {
        return layers.stream().map(Layer::name).toList();
    }
}
