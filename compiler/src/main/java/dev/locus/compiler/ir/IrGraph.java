package dev.locus.compiler.ir;

import dev.locus.compiler.check.CheckedNetwork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network with its rule expanded: per layer an INIT block (fixed tensors), a FORWARD block and
 * an UPDATE block; the minibatch's images and labels; the parameters. Built by {@code Lowering}.
 */
public final class IrGraph {
    private final CheckedNetwork network;
    private final List<IrValue> values = new ArrayList<>();
    private final List<IrBlock> blocks = new ArrayList<>();
    private final List<IrValue> parameters = new ArrayList<>();
    private final java.util.Map<IrValue, ParameterInit> inits = new java.util.HashMap<>();
    private final java.util.Map<String, IrValue> localLoss = new java.util.HashMap<>();
    private final java.util.Map<String, IrValue> localScores = new java.util.HashMap<>();
    private IrValue images;
    private IrValue labels;
    private IrValue prediction;

    public IrGraph(final CheckedNetwork network) {
        this.network = network;
    }

    public CheckedNetwork network() {
        return network;
    }

    IrValue newValue(final String name, final TensorType type, final ValueRole role, final String layer) {
        IrValue v = new IrValue(values.size(), name, type, role, layer);
        values.add(v);
        return v;
    }

    public IrValue addImages(final TensorType type) {
        images = newValue("images", type, ValueRole.INPUT, null);
        return images;
    }

    public IrValue addLabels() {
        labels = newValue("labels", TensorType.perSample(dev.locus.compiler.check.Shape.of()), ValueRole.LABELS, null);
        return labels;
    }

    /** A trained parameter; it is initialized from the generator keyed by (seed, layer, name). */
    public IrValue addParameter(final String layer, final String name, final TensorType type, final ParameterInit init) {
        IrValue p = newValue(layer + "." + name, type, ValueRole.PARAMETER, layer);
        parameters.add(p);
        inits.put(p, init);
        return p;
    }

    public ParameterInit init(final IrValue parameter) {
        return inits.get(parameter);
    }

    /** The scalar a layer's rule minimizes (the sum of its `minimize` statements); none under pure `propagate`. */
    public void setLocalLoss(final String layer, final IrValue loss) {
        localLoss.put(layer, loss);
    }

    public java.util.Optional<IrValue> localLoss(final String layer) {
        return java.util.Optional.ofNullable(localLoss.get(layer));
    }

    /** The class scores of a layer's classifier (the first argument of its loss), for its accuracy. */
    public void setLocalScores(final String layer, final IrValue scores) {
        localScores.put(layer, scores);
    }

    public java.util.Optional<IrValue> localScores(final String layer) {
        return java.util.Optional.ofNullable(localScores.get(layer));
    }

    public IrBlock addBlock(final String layer, final int layerIndex, final IrBlock.Kind kind) {
        IrBlock b = new IrBlock(this, layer, layerIndex, kind);
        blocks.add(b);
        return b;
    }

    public void setPrediction(final IrValue v) {
        prediction = v;
    }

    public IrValue images() {
        return images;
    }

    public IrValue labels() {
        return labels;
    }

    /** The output layer's output: the network's scores. */
    public IrValue prediction() {
        return prediction;
    }

    public List<IrValue> values() {
        return Collections.unmodifiableList(values);
    }

    public List<IrValue> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    public List<IrBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /**
     * The position in the network of the layer that owns a value (a parameter's owner, say), from
     * the blocks lowered for it; every lowered layer has at least its FORWARD block.
     */
    public int layerIndex(final String layer) {
        return blocks.stream().filter(b -> b.layer().equals(layer)).mapToInt(IrBlock::layerIndex).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no block of layer " + layer + " in the graph"));
    }

    public IrBlock block(final String layer, final IrBlock.Kind kind) {
        return blocks.stream().filter(b -> b.layer().equals(layer) && b.kind() == kind).findFirst().orElse(null);
    }

    /** A readable listing, block by block. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (IrBlock b : blocks) {
            out.append(b.name()).append(":\n");
            for (IrOp op : b.ops()) {
                out.append("  ").append(op).append('\n');
            }
        }
        return out.toString();
    }
}
