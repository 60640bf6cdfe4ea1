package dev.locus.runtime.model;

import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.checkpoint.Provenance;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.train.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network compiled to a class: what a Java program holding the runtime jar can do with it.
 * Every buffer is sized once for {@link #batchCapacity()} samples, so a call may pass any count
 * from 1 to that capacity and nothing is allocated per call.
 *
 * <p>Lifecycle: construct, {@link #initialize(long)} (draws the parameters and the fixed tensors
 * from the seed), then train, predict, {@link #save} or {@link #load} in any order.
 */
public interface CompiledModel extends TrainableModel {

    /** The network's name in the program (written into and checked against checkpoints). */
    String network();

    /** Floats per input sample. */
    int sampleSize();

    /** Scores per sample: the number of classes. */
    int classes();

    /** The largest number of samples one call may pass. */
    int batchCapacity();

    /**
     * Draws every parameter and fixed tensor from {@code seed} (docs/RANDOM.md) and sets all
     * training state (optimizer moments, step counters, running statistics) to its start.
     */
    void initialize(long seed);

    /**
     * Writes the output scores of the first {@code count} samples into {@code scores}, sample
     * {@code i}'s {@link #classes()} scores at {@code i * classes()}.
     */
    void predictScores(float[] images, int count, float[] scores);

    @Override
    List<NamedTensor> parameters();

    /** As {@link TrainableModel#state()}; a step counter is a tensor of shape [2] (see {@link StepCounter}). */
    @Override
    List<NamedTensor> state();

    /** The parameters, then the state: what {@link #save} writes. */
    default List<NamedTensor> tensors() {
        final List<NamedTensor> all = new ArrayList<>(parameters());
        all.addAll(state());
        return List.copyOf(all);
    }

    /**
     * Writes the parameters and the training state to {@code file} atomically, as a checkpoint
     * (docs/CHECKPOINTS.md) of training that has reached {@code position}.
     */
    void save(Path file, Provenance provenance, TrainingPosition position);

    /**
     * Restores the parameters and the training state from a checkpoint, written by {@link #save}
     * or by the training driver of any backend; the file must be a checkpoint of this network with
     * exactly these tensors and shapes.
     */
    Checkpoint load(Path file);
}
