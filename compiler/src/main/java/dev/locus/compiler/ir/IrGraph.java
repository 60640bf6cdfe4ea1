package dev.locus.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network with its rule expanded: per layer an INIT block (fixed tensors), a FORWARD block and
 * an UPDATE block; the minibatch's images and labels; the parameters; the training state; the
 * optimizer and the seed. {@link #schedule()} says in which order the blocks run. Built by the
 * lowering, rewritten by passes, read by backends.
 */
public final class IrGraph {
    /** What a learned tensor's name starts with after its layer's: {@code fc1.learned.C}. */
    public static final String LEARNED_PREFIX = "learned.";
    private final IrNetwork network;
    private final Training training;
    private final List<IrValue> values = new ArrayList<>();
    private final List<IrBlock> blocks = new ArrayList<>();
    private final List<IrValue> parameters = new ArrayList<>();
    private final List<IrValue> states = new ArrayList<>();
    private final Map<IrValue, ParameterInit> inits = new HashMap<>();
    private final Map<String, IrValue> localLoss = new LinkedHashMap<>();
    private final Map<String, IrValue> localScores = new LinkedHashMap<>();
    private int nextId;
    private IrValue images;
    private IrValue labels;
    private IrValue prediction;
    private IrValue trainingStep;

    public IrGraph(final IrNetwork network, final Training training) {
        this.network = network;
        this.training = training;
    }

    public IrNetwork network() {
        return network;
    }

    public Training training() {
        return training;
    }

    IrValue newValue(final String name, final TensorType type, final ValueRole role, final String layer,
                     final StateKind state, final IrValue stateOf) {
        IrValue v = new IrValue(nextId++, name, type, role, layer, state, stateOf);
        values.add(v);
        return v;
    }

    /** Drops a value whose op was removed. */
    void forget(final IrValue v) {
        values.remove(v);
    }

    public IrValue addImages() {
        images = newValue("images", TensorType.perSample(network.input()), ValueRole.INPUT, null, null, null);
        return images;
    }

    public IrValue addLabels() {
        labels = newValue("labels", TensorType.labels(), ValueRole.LABELS, null, null, null);
        return labels;
    }

    /** A trained parameter; it is initialized from the generator keyed by (seed, layer, name). */
    public IrValue addParameter(final String layer, final String name, final TensorType type, final ParameterInit init) {
        IrValue p = newValue(layer + "." + name, type, ValueRole.PARAMETER, layer, null, null);
        parameters.add(p);
        inits.put(p, init);
        return p;
    }

    /**
     * A rule's learned tensor {@code name} of {@code layer}: a parameter named
     * {@code <layer>.learned.<name>} (so it cannot clash with the weights of the layer's ops), which
     * the layer's INIT block sets ({@link OpKind#INIT_PARAMETER}) and its UPDATE block trains.
     */
    public IrValue addLearned(final String layer, final String name, final TensorType type) {
        return addParameter(layer, LEARNED_PREFIX + name, type, ParameterInit.LEARNED);
    }

    /** Whether {@code p} is a rule's learned tensor (a parameter that no op of the network owns). */
    public boolean isLearned(final IrValue p) {
        ParameterInit init = inits.get(p);
        return init != null && init.learned();
    }

    /**
     * A piece of training state owned by {@code layer}: a parameter's optimizer state (then
     * {@code parameter} is it) or a batch normalization's running statistics.
     */
    public IrValue addState(final StateKind kind, final String name, final TensorType type, final String layer,
                            final IrValue parameter) {
        if (kind.counter() != (type.element() == ElementType.INT32)) {
            throw new IllegalArgumentException(kind + " cannot be of type " + type);
        }
        IrValue s = newValue(name, type, ValueRole.STATE, layer, kind, parameter);
        states.add(s);
        return s;
    }

    /** The number of training steps taken (the TRAINING_STEP state), created at its first use. */
    public IrValue trainingStep() {
        if (trainingStep == null) {
            trainingStep = addState(StateKind.TRAINING_STEP, "training_step", TensorType.counter(), null, null);
        }
        return trainingStep;
    }

    public ParameterInit init(final IrValue parameter) {
        return inits.get(parameter);
    }

    /** The scalar a layer's rule minimizes (the sum of its `minimize` statements); none under pure `propagate`. */
    public void setLocalLoss(final String layer, final IrValue loss) {
        localLoss.put(layer, loss);
    }

    public Optional<IrValue> localLoss(final String layer) {
        return Optional.ofNullable(localLoss.get(layer));
    }

    /** The class scores of a layer's classifier (the first argument of its loss), for its accuracy. */
    public void setLocalScores(final String layer, final IrValue scores) {
        localScores.put(layer, scores);
    }

    public Optional<IrValue> localScores(final String layer) {
        return Optional.ofNullable(localScores.get(layer));
    }

    /**
     * The class scores that a layer's local accuracy judges: those its rule section gave a loss
     * function, or for the output layer without such, the network's prediction. Empty for a layer
     * without a classifier: one whose section minimizes nothing (pure `propagate`), or minimizes
     * something that is not a loss of class scores (direct random target projection's product
     * with the projected target), which has a loss to report but no accuracy.
     */
    public Optional<IrValue> classifierScores(final String layer) {
        if (localLoss(layer).isEmpty()) {
            return Optional.empty();
        }
        Optional<IrValue> own = localScores(layer);
        if (own.isEmpty() && network.outputLayer().name().equals(layer)) {
            return Optional.ofNullable(prediction);
        }
        return own;
    }

    public IrBlock addBlock(final String layer, final int layerIndex, final IrBlock.Kind kind) {
        if (block(layer, kind) != null) {
            throw new IllegalStateException("layer " + layer + " has a " + kind + " block already");
        }
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

    /** Every piece of training state, in the order it was created. */
    public List<IrValue> states() {
        return Collections.unmodifiableList(states);
    }

    public List<IrBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /** The order the blocks run in: the one place that says it. */
    public Schedule schedule() {
        return Schedule.of(this);
    }

    /** The position in the network of a layer. */
    public int layerIndex(final String layer) {
        for (IrNetwork.Layer l : network.layers()) {
            if (l.name().equals(layer)) {
                return l.index();
            }
        }
        throw new IllegalArgumentException("no layer " + layer + " in network " + network.name());
    }

    public IrBlock block(final String layer, final IrBlock.Kind kind) {
        return blocks.stream().filter(b -> b.layer().equals(layer) && b.kind() == kind).findFirst().orElse(null);
    }

    // ------------------------------------------------------------ rewriting

    /** The ops that read {@code v}, in block order. */
    public List<IrOp> uses(final IrValue v) {
        List<IrOp> out = new ArrayList<>();
        for (IrBlock b : blocks) {
            for (IrOp op : b.ops()) {
                if (op.inputs().contains(v)) {
                    out.add(op);
                }
            }
        }
        return out;
    }

    /** Whether {@code v} is read from outside the blocks: the prediction, a local loss or local scores. */
    public boolean isResult(final IrValue v) {
        return v == prediction || localLoss.containsValue(v) || localScores.containsValue(v);
    }

    /**
     * Makes every reader of {@code old} (the ops, and the graph's results) read {@code replacement}
     * instead, which must have the same type.
     */
    public void replaceAllUses(final IrValue old, final IrValue replacement) {
        if (!old.type().equals(replacement.type())) {
            throw new IllegalArgumentException("cannot replace " + old + " of " + old.type() + " by " + replacement
                    + " of " + replacement.type());
        }
        for (IrOp op : uses(old)) {
            op.replaceInput(old, replacement);
        }
        if (prediction == old) {
            prediction = replacement;
        }
        localLoss.replaceAll((layer, v) -> v == old ? replacement : v);
        localScores.replaceAll((layer, v) -> v == old ? replacement : v);
    }

    /** The number of ops in every block. */
    public int opCount() {
        return blocks.stream().mapToInt(b -> b.ops().size()).sum();
    }

    /** A readable listing, block by block in schedule order. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        Schedule s = schedule();
        List<IrBlock> order = new ArrayList<>(s.init());
        order.addAll(s.train());
        for (IrBlock b : order) {
            out.append(b.name()).append(":\n");
            for (IrOp op : b.ops()) {
                out.append("  ").append(op).append('\n');
            }
        }
        return out.toString();
    }
}
