package dev.locus.compiler.golden;

import java.util.List;
import java.util.Map;

/**
 * What a backend did with a golden program, step by step.
 *
 * @param steps  every training step, in order
 */
record Trace(String backend, List<Step> steps) {

    /**
     * One training step and the state after it.
     *
     * @param epoch      1-based
     * @param count      the samples in the batch
     * @param trained    the layers that took an update
     * @param layers     every layer, in order
     * @param loss       each layer's mean local loss; NaN for a layer that has none
     * @param correct    how many samples of the batch each layer's classifier got right (0 without a loss)
     * @param parameters every parameter (and running statistic) as the model hands it out, copied
     * @param predicted  the predicted class of each probe sample
     * @param scores     the network's output on the probe, sample after sample
     */
    record Step(int epoch, int count, List<String> trained, List<String> layers, double[] loss, int[] correct,
                Map<String, float[]> parameters, int[] predicted, double[] scores) {
    }

    Step last() {
        return steps.get(steps.size() - 1);
    }
}
