package dev.locus.compiler.interp;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Schedule;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.ValueRole;
import dev.locus.runtime.random.SeededRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Executes an {@link IrGraph} op by op, in double precision: the reference the fast backends
 * are tested against. It reads only the IR: the blocks run in the order of the graph's
 * {@link Schedule} (INIT blocks once, here; a training step; prediction), parameters start from
 * the seeded generator keyed by (seed, layer, parameter name), and every piece of training state
 * is the IR's (an optimizer's moments, running statistics, the step counter), held here as tensors
 * that the ops owning them read and write.
 *
 * <p>The values of a step stay readable until the next step ({@link #value}), for tests and for
 * reporting local losses and accuracies.
 */
public final class Interpreter {
    private final IrGraph graph;
    private final long seed;
    private final List<String> layers;
    private final Map<String, IrValue> parametersByName = new LinkedHashMap<>();
    private final Map<IrValue, Tensor> parameters = new HashMap<>();
    private final Map<IrValue, Tensor> state = new LinkedHashMap<>();
    private final Map<IrValue, Tensor> fixed = new HashMap<>();
    private final Map<IrValue, Tensor> values = new HashMap<>();
    private final Schedule schedule;
    private final boolean[] trainable;
    private long steps;
    private int batch;
    private boolean labelled;

    /** The graph with the seed it was lowered with. */
    public Interpreter(final IrGraph graph) {
        this(graph, graph.training().seed());
    }

    /** The graph drawing from {@code seed} instead of its own. */
    public Interpreter(final IrGraph graph, final long seed) {
        this(graph, seed, graph.schedule());
    }

    /**
     * The graph drawing from {@code seed}, its blocks run in {@code schedule}'s order instead of
     * the graph's own: another order of the same blocks, each value defined before it is read, to
     * show that the two compute the same.
     */
    public Interpreter(final IrGraph graph, final long seed, final Schedule schedule) {
        this.graph = graph;
        this.seed = seed;
        this.schedule = schedule;
        layers = graph.network().layerNames();
        trainable = new boolean[layers.size()];
        java.util.Arrays.fill(trainable, true);
        for (IrValue p : graph.parameters()) {
            String name = p.name().substring(p.layer().length() + 1);
            int size = p.type().shape().intSize();
            double[] init = ParameterInitializer.initialValues(graph.init(p), size, SeededRandom.forKey(seed, p.layer(), name));
            parameters.put(p, Tensor.of(p.type(), 1, init));
            parametersByName.put(p.name(), p);
        }
        for (IrValue s : graph.states()) {
            double[] start = new double[s.type().shape().intSize()];
            java.util.Arrays.fill(start, s.stateKind().initial());
            state.put(s, Tensor.of(s.type(), 1, start));
        }
        for (IrBlock init : schedule.init()) {
            for (IrOp op : init.ops()) {
                if (op.kind() == OpKind.INIT_PARAMETER) {
                    double[] first = lookup(op.input(1), op).data();
                    System.arraycopy(first, 0, parameters.get(op.input(0)).data(), 0, first.length);
                } else {
                    fixed.put(op.output(), evaluate(op, Mode.TRAINING));
                }
            }
        }
    }

    public IrGraph graph() {
        return graph;
    }

    /** The layers in order, the output layer last. */
    public List<String> layers() {
        return List.copyOf(layers);
    }

    /** One training step in training mode: see {@link #step}. */
    public void trainStep(final double[] images, final int[] labels, final int batch) {
        step(images, labels, batch, Mode.TRAINING);
    }

    /**
     * The training step's blocks in the schedule's order, in {@code mode}: every layer's forward
     * pass and update (under a local rule each layer's update right after its forward pass). A frozen layer's
     * update block still computes its values (its local loss, and any error it propagates to the
     * layer below) but applies no optimizer step.
     */
    public void step(final double[] images, final int[] labels, final int batch, final Mode mode) {
        start(images, batch);
        double[] asDoubles = new double[batch];
        for (int i = 0; i < batch; i++) {
            asDoubles[i] = labels[i];
        }
        values.put(graph.labels(), Tensor.of(graph.labels().type(), batch, asDoubles));
        labelled = true;
        run(schedule.train(), mode);
        steps++;
        for (Map.Entry<IrValue, Tensor> e : state.entrySet()) {
            if (e.getKey().stateKind() == StateKind.TRAINING_STEP) {
                e.getValue().data()[0]++;
            }
        }
    }

    /** The network's output for a batch of images, computed in predicting mode. */
    public Tensor predict(final double[] images, final int batch) {
        return predict(images, batch, Mode.PREDICTING);
    }

    public Tensor predict(final double[] images, final int batch, final Mode mode) {
        start(images, batch);
        labelled = false;
        run(schedule.predict(), mode);
        return values.get(graph.prediction());
    }

    private void start(final double[] images, final int batch) {
        values.clear();
        this.batch = batch;
        IrValue in = graph.images();
        int size = Math.multiplyExact(batch, in.type().shape().intSize());
        if (images.length < size) {
            throw new IllegalArgumentException("a batch of " + batch + " images of " + in.type().shape() + " needs "
                + size + " values, got " + images.length);
        }
        values.put(in, Tensor.of(in.type(), batch, java.util.Arrays.copyOf(images, size)));
    }

    private void run(final List<IrBlock> blocks, final Mode mode) {
        for (IrBlock block : blocks) {
            boolean frozen = !trainable[block.layerIndex()];
            for (IrOp op : block.ops()) {
                if (op.kind() == OpKind.APPLY_UPDATE) {
                    if (!frozen) {
                        applyUpdate(op);
                    }
                } else {
                    values.put(op.output(), evaluate(op, mode));
                }
            }
        }
    }

    private Tensor evaluate(final IrOp op, final Mode mode) {
        List<Tensor> inputs = new ArrayList<>(op.inputs().size());
        for (IrValue v : op.inputs()) {
            inputs.add(lookup(v, op));
        }
        OpContext ctx = new OpContext(mode, seed, op.block().layer(), Math.max(batch, 1));
        try {
            return OpSemantics.evaluate(OpCall.of(op, inputs), ctx);
        } catch (RuntimeException e) {
            throw new IllegalStateException("in " + op.block() + ": " + op + ": " + e.getMessage(), e);
        }
    }

    private void applyUpdate(final IrOp op) {
        IrValue p = op.input(0);
        if (p.role() != ValueRole.PARAMETER) {
            throw new IllegalStateException("in " + op.block() + ": " + op + " updates " + p + ", which is not a parameter");
        }
        Tensor gradient = lookup(op.input(1), op);
        Tensor param = parameters.get(p);
        if (gradient.data().length != param.data().length) {
            throw new IllegalStateException("in " + op.block() + ": the gradient " + gradient.type() + " of " + p
                + " does not match its type " + param.type());
        }
        List<Tensor> moments = new ArrayList<>();
        for (IrValue s : op.inputs().subList(2, op.inputs().size())) {
            moments.add(lookup(s, op));
        }
        OptimizerStep.apply(op.attrs(Attrs.Update.class).optimizer(), param.data(), gradient.data(), moments);
    }

    private Tensor lookup(final IrValue v, final IrOp user) {
        Tensor t = value(v);
        if (t == null) {
            String why = v.role() == ValueRole.LABELS && !labelled ? " (there are no labels when predicting)" : "";
            throw new IllegalStateException("in " + user.block() + ": " + user + " reads " + v + ", which has no value"
                + why);
        }
        return t;
    }

    /** The value of {@code v} in the last step (a parameter, fixed tensor or state: its current value), or null. */
    public Tensor value(final IrValue v) {
        Tensor t = values.get(v);
        if (t == null) {
            t = fixed.get(v);
        }
        if (t == null) {
            t = state.get(v);
        }
        return t != null ? t : parameters.get(v);
    }

    /** The parameter named {@code layer.name}, live: an optimizer step changes it. */
    public Tensor parameter(final String name) {
        return parameters.get(requireParameter(name));
    }

    public void setParameter(final String name, final double[] newValues) {
        Tensor p = parameter(name);
        if (newValues.length != p.data().length) {
            throw new IllegalArgumentException(name + " of " + p.type() + " needs " + p.data().length + " values, got "
                + newValues.length);
        }
        System.arraycopy(newValues, 0, p.data(), 0, newValues.length);
    }

    private IrValue requireParameter(final String name) {
        IrValue p = parametersByName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + "; there are " + parametersByName.keySet());
        }
        return p;
    }

    /** The names of the parameters, in the graph's order. */
    public List<String> parameterNames() {
        return List.copyOf(parametersByName.keySet());
    }

    /** The live value of a piece of the graph's training state. */
    public Tensor state(final IrValue s) {
        Tensor t = state.get(s);
        if (t == null) {
            throw new IllegalArgumentException(s + " is not state of the graph");
        }
        return t;
    }

    /** The layer's local loss in the last step; empty when its rule minimizes nothing (pure propagate). */
    public OptionalDouble localLoss(final String layer) {
        Optional<IrValue> loss = graph.localLoss(layer);
        if (loss.isEmpty() || value(loss.get()) == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value(loss.get()).scalarValue());
    }

    /**
     * How many samples of the last step the layer's classifier got right (the argmax of its
     * {@link IrGraph#classifierScores} against the labels); empty for a layer without a classifier,
     * which has nothing to count, or before a step.
     */
    public OptionalInt localCorrect(final String layer) {
        Optional<IrValue> scores = graph.classifierScores(layer);
        Tensor labels = values.get(graph.labels());
        if (scores.isEmpty() || value(scores.get()) == null || labels == null) {
            return OptionalInt.empty();
        }
        int[] predicted = argmax(value(scores.get()));
        int correct = 0;
        for (int s = 0; s < predicted.length; s++) {
            if (predicted[s] == (int) labels.get(s)) {
                correct++;
            }
        }
        return OptionalInt.of(correct);
    }

    /** The index of each sample's largest score (the first on ties). */
    public static int[] argmax(final Tensor scores) {
        int[] best = new int[scores.samples()];
        for (int s = 0; s < scores.samples(); s++) {
            int base = scores.offset(s);
            for (int c = 1; c < scores.sampleSize(); c++) {
                if (scores.get(base + c) > scores.get(base + best[s])) {
                    best[s] = c;
                }
            }
        }
        return best;
    }

    /** Whether the layer at {@code index} takes optimizer steps. */
    public void setTrainable(final int index, final boolean on) {
        trainable[index] = on;
    }

    public boolean trainable(final int index) {
        return trainable[index];
    }

    /**
     * The number of training steps taken. Steps are numbered from 0 over the whole run: the
     * dropout masks of step s come from the stream (seed, layer, "dropout") split by s.
     */
    public long steps() {
        return steps;
    }

    public long seed() {
        return seed;
    }
}
