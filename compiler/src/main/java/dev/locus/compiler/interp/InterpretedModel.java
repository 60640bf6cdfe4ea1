package dev.locus.compiler.interp;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.StateKind;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interpreter as a {@link TrainableModel}, so that the training driver can train any
 * program with it. The driver speaks float and the interpreter double: parameters are handed out
 * as float copies, refreshed after every step, and a copy that someone else has written to (a
 * checkpoint being restored) is read back before the next step.
 */
public final class InterpretedModel implements TrainableModel {
    private final Interpreter interpreter;
    private final List<String> layers;
    private final List<Mirror> mirrors = new ArrayList<>();
    private boolean training = true;

    /** A float copy of a double tensor, and what was last written into it. */
    private record Mirror(NamedTensor tensor, float[] written, double[] source) {
    }

    /**
     * The model of a verified graph, drawing from the graph's seed. Its parameters are the
     * trained parameters, then each batch normalization's running mean and variance (the IR
     * names them {@code <op>.running_mean} and {@code <op>.running_var}), which prediction needs
     * and a seed cannot regenerate.
     */
    public InterpretedModel(final IrGraph graph) {
        this.interpreter = new Interpreter(graph);
        this.layers = interpreter.layers();
        for (String name : interpreter.parameterNames()) {
            Tensor p = interpreter.parameter(name);
            mirrors.add(mirror(name, p.type().shape().dims(), p.data()));
        }
        for (IrValue s : graph.states()) {
            if (s.stateKind() == StateKind.RUNNING_MEAN || s.stateKind() == StateKind.RUNNING_VAR) {
                Tensor t = interpreter.state(s);
                mirrors.add(mirror(s.name(), t.type().shape().dims(), t.data()));
            }
        }
    }

    private static Mirror mirror(final String name, final int[] shape, final double[] source) {
        float[] values = new float[source.length];
        for (int i = 0; i < source.length; i++) {
            values[i] = (float) source[i];
        }
        return new Mirror(new NamedTensor(name, shape, values), values.clone(), source);
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

    @Override
    public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
        readRestored();
        interpreter.step(widen(images, count), Arrays.copyOf(labels, count), count,
            training ? Mode.TRAINING : Mode.PREDICTING);
        writeMirrors();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            if (hasLocalLoss(i)) {
                stats.record(i, interpreter.localLoss(layer).orElseThrow(), interpreter.localCorrect(layer));
            }
        }
    }

    @Override
    public void predict(final float[] images, final int count, final int[] predicted) {
        readRestored();
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

    /** The trained parameters, then the running statistics of each batch normalization. */
    @Override
    public List<NamedTensor> parameters() {
        writeMirrors();
        return mirrors.stream().map(Mirror::tensor).toList();
    }

    private void writeMirrors() {
        for (Mirror m : mirrors) {
            float[] live = m.tensor().values();
            for (int i = 0; i < live.length; i++) {
                live[i] = (float) m.source()[i];
            }
            System.arraycopy(live, 0, m.written(), 0, live.length);
        }
    }

    private void readRestored() {
        for (Mirror m : mirrors) {
            float[] live = m.tensor().values();
            if (!Arrays.equals(live, m.written())) {
                for (int i = 0; i < live.length; i++) {
                    m.source()[i] = live[i];
                }
                System.arraycopy(live, 0, m.written(), 0, live.length);
            }
        }
    }
}
