package dev.locus.runtime.model;

import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.checkpoint.Provenance;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.train.StepStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The base class of every generated network. It holds, in plain Java, everything that is the
 * same for every network: the named parameter and state tensors, the layers' trainable flags,
 * the training/prediction mode, the batch capacity, the checks of every argument a caller
 * passes, argmax for {@link #predict}, reporting into {@link StepStats}, and checkpoints. A
 * generated subclass holds only the network's arithmetic, as straight-line calls of static
 * runtime kernels on its fields, whose shapes are constants:
 * <ul>
 *   <li>its constructor calls {@code super(...)}, declares its layers with {@link #declareLayer},
 *       registers its tensors with {@link #registerParameter}, {@link #registerState},
 *       {@link #registerCounter} and {@link #registerNetworkCounter}, and
 *       allocates its other buffers ({@code new float[n]}) once;</li>
 *   <li>{@link #initializeParameters} draws parameters and fixed tensors from the seed;</li>
 *   <li>{@link #forward} computes the output scores of a batch into {@link #scores()}
 *       (predicting);</li>
 *   <li>{@link #step} (training) runs the forward passes again, in the schedule's order with
 *       every layer's local loss, reports it with {@link #report}, and updates the layers that
 *       {@link #isTrainable(int)}.</li>
 * </ul>
 * The arguments reaching these methods are already checked, so the generated code checks nothing.
 */
public abstract class CompiledNetwork implements CompiledModel {
    private final String network;
    private final int sampleSize;
    private final int classes;
    private final int capacity;
    private final List<String> layers = new ArrayList<>();
    private boolean[] trainable = new boolean[0];
    private boolean[] localLosses = new boolean[0];
    private boolean[] classifiers = new boolean[0];
    private final NamedTensors parameters = new NamedTensors();
    private final NamedTensors state = new NamedTensors();
    private boolean training = true;
    private boolean initialized;

    protected CompiledNetwork(final String network, final int sampleSize, final int classes, final int batchCapacity) {
        if (network == null || network.isEmpty()) {
            throw new IllegalArgumentException("a network needs a name");
        }
        positive("sampleSize", sampleSize);
        positive("classes", classes);
        positive("batchCapacity", batchCapacity);
        this.network = network;
        this.sampleSize = sampleSize;
        this.classes = classes;
        this.capacity = batchCapacity;
    }

    // ---------------------------------------------------------------- declarations (constructor only)

    /**
     * Declares the next layer (hidden layers first, the output layer last) and returns its index;
     * {@code localLoss} says whether its rule minimizes a loss of its own (a hidden layer that only
     * propagates has none, and reports none), {@code classifier} whether that loss judges class
     * scores whose accuracy is reported (see {@link #hasLocalClassifier}).
     */
    protected final int declareLayer(final String name, final boolean localLoss, final boolean classifier) {
        if (layers.contains(name)) {
            throw new IllegalArgumentException("layer " + name + " is declared twice");
        }
        if (classifier && !localLoss) {
            throw new IllegalArgumentException("layer " + name + " cannot have a classifier without a loss of its own");
        }
        layers.add(name);
        trainable = Arrays.copyOf(trainable, layers.size());
        trainable[layers.size() - 1] = true;
        localLosses = Arrays.copyOf(localLosses, layers.size());
        localLosses[layers.size() - 1] = localLoss;
        classifiers = Arrays.copyOf(classifiers, layers.size());
        classifiers[layers.size() - 1] = classifier;
        return layers.size() - 1;
    }

    /** A trained tensor of layer {@code layer}, saved as {@code "<layer>.<name>"}; zero until initialized. */
    protected final float[] registerParameter(final int layer, final String name, final int... shape) {
        return parameters.add(newName(layer, name), shape);
    }

    /** A tensor of training state (optimizer moments, running statistics), zero at the start of training. */
    protected final float[] registerState(final int layer, final String name, final int... shape) {
        return state.add(newName(layer, name), shape);
    }

    /** A step counter kept with the training state: see {@link StepCounter}. */
    protected final float[] registerCounter(final int layer, final String name) {
        return state.add(newName(layer, name), new int[] {StepCounter.LENGTH});
    }

    /**
     * A step counter of the whole network rather than of one layer ({@code training_step}, which
     * keys the dropout masks), kept with the training state under {@code name} alone.
     */
    protected final float[] registerNetworkCounter(final String name) {
        if (name == null || name.isEmpty() || parameters.has(name) || state.has(name)) {
            throw new IllegalArgumentException("tensor " + name + " is registered twice or has no name");
        }
        return state.add(name, new int[] {StepCounter.LENGTH});
    }

    private String newName(final int layer, final String name) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("tensor " + name + " belongs to layer " + layer + ", but "
                + layers.size() + " layers are declared");
        }
        final String full = layers.get(layer) + "." + name;
        if (parameters.has(full) || state.has(full)) {
            throw new IllegalArgumentException("tensor " + full + " is registered twice");
        }
        return full;
    }

    // ---------------------------------------------------------------- what the generated class implements

    /** Draws the parameters and fixed tensors from {@code seed}; every registered tensor is zero on entry. */
    protected abstract void initializeParameters(long seed);

    /** The forward pass of the first {@code count} samples, leaving their scores in {@link #scores()}. */
    protected abstract void forward(float[] images, int count);

    /**
     * One training step of the first {@code count} samples, its blocks in the order of the
     * compiler's schedule: every layer's forward pass, local loss, report and, if trainable, its
     * update; under a local rule each layer's update right after its own forward pass, so that a
     * step holds one layer's activations at a time. Then the training step's advance.
     */
    protected abstract void step(float[] images, int[] labels, int count, StepStats stats);

    /** The buffer of {@code [batchCapacity, classes]} output scores that {@link #forward} writes. */
    protected abstract float[] scores();

    // ---------------------------------------------------------------- what the generated code calls

    protected final boolean isTraining() {
        return training;
    }

    protected final boolean isTrainable(final int layer) {
        return trainable[layer];
    }

    /** Records layer {@code layer}'s mean loss and how many of the batch its {@code scores} classify right. */
    protected static void report(final StepStats stats, final int layer, final float meanLoss, final float[] scores,
                                 final int count, final int classes, final int[] labels) {
        stats.record(layer, meanLoss, Scores.correct(scores, count, classes, labels));
    }

    // ---------------------------------------------------------------- the model, for its users

    @Override
    public final String network() {
        return network;
    }

    @Override
    public final int sampleSize() {
        return sampleSize;
    }

    @Override
    public final int classes() {
        return classes;
    }

    @Override
    public final int batchCapacity() {
        return capacity;
    }

    @Override
    public final List<String> layerNames() {
        return List.copyOf(layers);
    }

    @Override
    public final boolean hasLocalLoss(final int layer) {
        Objects.checkIndex(layer, layers.size());
        return localLosses[layer];
    }

    @Override
    public final boolean hasLocalClassifier(final int layer) {
        Objects.checkIndex(layer, layers.size());
        return classifiers[layer];
    }

    @Override
    public final void setTraining(final boolean on) {
        training = on;
    }

    @Override
    public final void setTrainable(final int layer, final boolean on) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist: network " + network + " has "
                + layers.size() + " layers");
        }
        trainable[layer] = on;
    }

    @Override
    public final void initialize(final long seed) {
        parameters.clear();
        state.clear();
        initializeParameters(seed);
        initialized = true;
    }

    @Override
    public final void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
        checkBatch(images, count);
        checkLabels(labels, count);
        if (stats == null || stats.layers() != layers.size()) {
            throw new IllegalArgumentException("stats must have room for the " + layers.size() + " layers of network "
                + network + (stats == null ? ", got null" : ", got " + stats.layers()));
        }
        step(images, labels, count, stats);
    }

    @Override
    public final void predict(final float[] images, final int count, final int[] predicted) {
        checkBatch(images, count);
        if (predicted == null || predicted.length < count) {
            throw new IllegalArgumentException("predicted must have room for " + count + " classes, got "
                + (predicted == null ? "null" : predicted.length));
        }
        forward(images, count);
        final float[] scores = scores();
        for (int i = 0; i < count; i++) {
            predicted[i] = Scores.argmax(scores, i, classes);
        }
    }

    @Override
    public final void predictScores(final float[] images, final int count, final float[] out) {
        checkBatch(images, count);
        if (out == null || out.length < (long) count * classes) {
            throw new IllegalArgumentException("scores must have room for " + count + " x " + classes + " floats, got "
                + (out == null ? "null" : out.length));
        }
        forward(images, count);
        System.arraycopy(scores(), 0, out, 0, count * classes);
    }

    @Override
    public final List<NamedTensor> parameters() {
        return parameters.list();
    }

    @Override
    public final List<NamedTensor> state() {
        return state.list();
    }

    @Override
    public final void save(final Path file, final Provenance provenance, final TrainingPosition position) {
        if (!provenance.network().equals(network)) {
            throw new IllegalArgumentException("a checkpoint of network " + network + " cannot say it is of network "
                + provenance.network());
        }
        CheckpointFile.write(file, new Checkpoint(provenance, position, List.copyOf(tensors())));
    }

    @Override
    public final Checkpoint load(final Path file) {
        requireInitialized();
        return CheckpointFile.restore(file, network, tensors());
    }

    // ---------------------------------------------------------------- checks

    private void checkBatch(final float[] images, final int count) {
        requireInitialized();
        if (count < 1 || count > capacity) {
            throw new IllegalArgumentException("count must be between 1 and the batch capacity " + capacity
                + " of network " + network + ", got " + count);
        }
        if (images == null || images.length < (long) count * sampleSize) {
            throw new IllegalArgumentException(count + " samples of " + sampleSize + " floats need "
                + (long) count * sampleSize + " floats of images, got " + (images == null ? "null" : images.length));
        }
    }

    private void checkLabels(final int[] labels, final int count) {
        if (labels == null || labels.length < count) {
            throw new IllegalArgumentException(count + " samples need " + count + " labels, got "
                + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not a class in [0, "
                    + classes + ")");
            }
        }
    }

    private void requireInitialized() {
        if (!initialized) {
            throw new IllegalStateException("network " + network + " has no parameters yet: call initialize(seed) "
                + "first (load restores into an initialized network, whose fixed tensors come from the seed)");
        }
    }

    private static void positive(final String name, final int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
