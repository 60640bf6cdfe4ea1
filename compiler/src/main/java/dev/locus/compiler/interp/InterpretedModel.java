package dev.locus.compiler.interp;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.checkpoint.NamedDoubles;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.model.StepCounter;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interpreter as a {@link TrainableModel}, so that the training driver can train any
 * program with it. The driver's batches are float and the interpreter computes in double; its
 * parameters and state are handed out as its own live double arrays (checkpoints hold them as
 * F64, so that a resumed run continues bit for bit), except the step counters, which are float
 * pairs as on every backend ({@link StepCounter}): copies refreshed when handed out and after
 * every step, and read back before the next step if someone (a checkpoint being restored) wrote
 * to them.
 */
public final class InterpretedModel implements TrainableModel {
    private final Interpreter interpreter;
    private final List<String> layers;
    private final List<NamedDoubles> parameters = new ArrayList<>();
    private final List<CheckpointTensor> state = new ArrayList<>();
    private final List<Counter> counters = new ArrayList<>();
    private boolean training = true;

    /** A counter's float pair, what was last written into it, and the interpreter's scalar. */
    private record Counter(NamedTensor pair, float[] written, double[] source) {
    }

    /** The model of a verified graph, drawing from the graph's seed. */
    public InterpretedModel(final IrGraph graph) {
        this.interpreter = new Interpreter(graph);
        this.layers = interpreter.layers();
        for (String name : interpreter.parameterNames()) {
            Tensor p = interpreter.parameter(name);
            parameters.add(new NamedDoubles(name, p.type().shape().dims(), p.data()));
        }
        for (IrValue s : graph.states()) {
            Tensor t = interpreter.state(s);
            if (s.stateKind().counter()) {
                Counter c = new Counter(new NamedTensor(s.name(), new int[] {StepCounter.LENGTH},
                        new float[StepCounter.LENGTH]), new float[StepCounter.LENGTH], t.data());
                counters.add(c);
                state.add(c.pair());
            } else {
                state.add(new NamedDoubles(s.name(), t.type().shape().dims(), t.data()));
            }
        }
        writeCounters();
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    @Override
    public List<String> layerNames() {
        return layers;
    }

    @Override
    public void setTraining(final boolean on) {
        training = on;
    }

    @Override
    public void setTrainable(final int layer, final boolean trainable) {
        interpreter.setTrainable(layer, trainable);
    }

    /** Whether the layer's rule section minimizes something; under pure `propagate` it does not. */
    @Override
    public boolean hasLocalLoss(final int layer) {
        return interpreter.graph().localLoss(layers.get(layer)).isPresent();
    }

    /** Whether the layer has class scores to judge ({@link IrGraph#classifierScores}). */
    @Override
    public boolean hasLocalClassifier(final int layer) {
        return interpreter.graph().classifierScores(layers.get(layer)).isPresent();
    }

    @Override
    public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
        readCounters();
        interpreter.step(widen(images, count), Arrays.copyOf(labels, count), count,
            training ? Mode.TRAINING : Mode.PREDICTING);
        writeCounters();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            if (hasLocalClassifier(i)) {
                stats.record(i, interpreter.localLoss(layer).orElseThrow(), interpreter.localCorrect(layer).orElseThrow());
            } else if (hasLocalLoss(i)) {
                stats.recordLoss(i, interpreter.localLoss(layer).orElseThrow());
            }
        }
    }

    @Override
    public void predict(final float[] images, final int count, final int[] predicted) {
        readCounters();
        Tensor scores = interpreter.predict(widen(images, count), count, training ? Mode.TRAINING : Mode.PREDICTING);
        int[] best = Interpreter.argmax(scores);
        System.arraycopy(best, 0, predicted, 0, count);
    }

    private double[] widen(final float[] images, final int count) {
        int size = Math.multiplyExact(count, interpreter.graph().images().type().shape().intSize());
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = images[i];
        }
        return out;
    }

    /** The trained parameters, live, in the graph's order. */
    @Override
    public List<NamedDoubles> parameters() {
        return List.copyOf(parameters);
    }

    /** The graph's training state in its order: optimizer state, running statistics, step counters. */
    @Override
    public List<CheckpointTensor> state() {
        readCounters();
        writeCounters();
        return List.copyOf(state);
    }

    private void writeCounters() {
        for (Counter c : counters) {
            float[] pair = c.pair().values();
            StepCounter.set(pair, (long) c.source()[0]);
            System.arraycopy(pair, 0, c.written(), 0, pair.length);
        }
    }

    private void readCounters() {
        for (Counter c : counters) {
            float[] pair = c.pair().values();
            if (!Arrays.equals(pair, c.written())) {
                c.source()[0] = StepCounter.count(pair);
                System.arraycopy(pair, 0, c.written(), 0, pair.length);
            }
        }
    }
}
