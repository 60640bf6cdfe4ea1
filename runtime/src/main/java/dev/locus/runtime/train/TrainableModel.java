package dev.locus.runtime.train;

import dev.locus.runtime.checkpoint.CheckpointTensor;
import java.util.List;

/**
 * A network that the {@link TrainingDriver} can train: the reference interpreter and compiled
 * code both implement it, so that every backend shares one loop, one shuffle and one report.
 * The driver knows nothing of how layers compute or learn.
 *
 * <p>Batches are contiguous row-major arrays: sample {@code i} of a batch occupies
 * {@code images[i * sampleSize .. (i + 1) * sampleSize)}. The driver never passes more samples
 * than the batch size it was planned with, so a model may preallocate every buffer for that size;
 * the last batch of an epoch may be smaller.
 */
public interface TrainableModel {

    /** The layers in order: hidden layers first, the output layer last. */
    List<String> layerNames();

    /** Training behaviour (dropout drops, batch norm uses batch statistics) or prediction behaviour. */
    void setTraining(boolean training);

    /**
     * Whether layer {@code layer} (an index into {@link #layerNames()}) takes updates. A frozen
     * layer still computes its forward pass and its local loss, and its parameters do not change.
     */
    void setTrainable(int layer, boolean trainable);

    /**
     * Whether layer {@code layer} has a loss of its own (its rule section minimizes something).
     * A hidden layer that only propagates the error from above (backprop, feedback alignment) has
     * none: it has neither a loss nor a classifier to report.
     */
    boolean hasLocalLoss(int layer);

    /**
     * Whether layer {@code layer} has a classifier whose accuracy is reported: a hidden layer
     * whose rule section gives class scores to a loss function (its own fixed classifier), the
     * output layer (judged by the network's output). A layer can have a loss without a classifier
     * (its rule minimizes something other than a loss of class scores, as direct random target
     * projection does), never a classifier without a loss. By default every layer with a loss has
     * one, as in a model whose layers all learn from class scores.
     */
    default boolean hasLocalClassifier(final int layer) {
        return hasLocalLoss(layer);
    }

    /**
     * One minibatch: forward through every layer, then each trainable layer's update. Reports
     * into {@code stats} the mean local loss over the batch of every layer that has one
     * ({@link #hasLocalLoss}): with {@link StepStats#record} and how many of the batch its
     * classifier got right for a layer with a classifier ({@link #hasLocalClassifier}; a hidden
     * layer: its own fixed classifier; the output layer: the network's output), with
     * {@link StepStats#recordLoss} for one without.
     */
    void trainStep(float[] images, int[] labels, int count, StepStats stats);

    /** Writes the predicted class of each of the first {@code count} samples into {@code predicted}. */
    void predict(float[] images, int count, int[] predicted);

    /**
     * The trained parameters, as live arrays in a fixed order, named as users see them
     * ({@code fc1.weight}, {@code fc1.bias}...). Fixed random tensors are not included: they are
     * regenerated from the seed. Restoring a checkpoint writes into them.
     */
    List<? extends CheckpointTensor> parameters();

    /**
     * Everything besides the parameters that training changes and that a resumed run needs to
     * continue exactly, as live arrays in a fixed order: optimizer moments and step counters
     * ({@code fc1.weight.adam_m}...), batch-norm running statistics, the step counter that keys
     * the dropout masks ({@code training_step}). A checkpoint holds these after the parameters.
     */
    List<? extends CheckpointTensor> state();
}
