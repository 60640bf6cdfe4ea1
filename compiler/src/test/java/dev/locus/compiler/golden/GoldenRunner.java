package dev.locus.compiler.golden;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.checkpoint.NamedDoubles;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import dev.locus.runtime.train.TrainingDriver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a golden program on one backend as `locus train` would (the driver's shuffle, the
 * schedule's freezing, a smaller last batch), over its synthetic data, and records every step.
 * It drives the model through {@link TrainableModel} only, so that what it records is what any
 * backend reports.
 */
final class GoldenRunner {
    private GoldenRunner() {
    }

    /** The train block's schedule, as the training driver runs it. */
    static Schedule schedule(final TrainingPlan plan) {
        return plan.schedule().layerwise() ? new Schedule.Layerwise(plan.schedule().epochsPerLayer())
                : new Schedule.Simultaneous(plan.epochs());
    }

    static Trace run(final GoldenBackend backend, final TrainingPlan plan, final SyntheticData data) {
        return run(backend, plan, data, Integer.MAX_VALUE);
    }

    /** The same, stopped after {@code most} steps. */
    static Trace run(final GoldenBackend backend, final TrainingPlan plan, final SyntheticData data, final int most) {
        GoldenBackend.Subject subject = backend.model(plan);
        TrainableModel model = subject.model();
        List<String> layers = List.copyOf(model.layerNames());
        Schedule schedule = schedule(plan);
        int batch = plan.batch();
        int sample = data.sampleSize();
        float[] images = new float[batch * sample];
        int[] labels = new int[batch];
        List<Trace.Step> steps = new ArrayList<>();
        for (int epoch = 1; epoch <= schedule.totalEpochs(layers.size()); epoch++) {
            List<String> trained = new ArrayList<>();
            for (int layer = 0; layer < layers.size(); layer++) {
                boolean on = schedule.trains(layer, epoch);
                model.setTrainable(layer, on);
                if (on) {
                    trained.add(layers.get(layer));
                }
            }
            int[] order = TrainingDriver.order(plan.seed(), epoch, data.count());
            for (int first = 0; first < data.count() && steps.size() < most; first += batch) {
                int count = Math.min(batch, data.count() - first);
                for (int i = 0; i < count; i++) {
                    System.arraycopy(data.images(), order[first + i] * sample, images, i * sample, sample);
                    labels[i] = data.labels()[order[first + i]];
                }
                StepStats stats = new StepStats(layers.size());
                model.setTraining(true);
                model.trainStep(images, labels, count, stats);
                double[] loss = new double[layers.size()];
                int[] correct = new int[layers.size()];
                for (int layer = 0; layer < layers.size(); layer++) {
                    if (stats.reported(layer) != model.hasLocalLoss(layer)) {
                        throw new AssertionError(backend.name() + ": layer " + layers.get(layer) + (stats.reported(layer)
                                ? " reported a loss it says it has not" : " did not report its local loss"));
                    }
                    if (stats.reported(layer) && stats.classified(layer) != model.hasLocalClassifier(layer)) {
                        throw new AssertionError(backend.name() + ": layer " + layers.get(layer) + (stats.classified(layer)
                                ? " counted right answers of a classifier it says it has not"
                                : " did not count its classifier's right answers"));
                    }
                    loss[layer] = stats.reported(layer) ? stats.loss(layer) : Double.NaN;
                    correct[layer] = stats.classified(layer) ? stats.correct(layer) : 0;
                }
                Map<String, float[]> parameters = new LinkedHashMap<>();
                for (CheckpointTensor t : model.parameters()) {
                    parameters.put(t.name(), floats(t));
                }
                for (CheckpointTensor t : model.state()) {
                    if (t.name().contains(".running_")) {
                        parameters.put(t.name(), floats(t));
                    }
                }
                model.setTraining(false);
                int[] predicted = new int[data.probeCount()];
                model.predict(data.probe(), data.probeCount(), predicted);
                double[] scores = subject.scores().scores(data.probe(), data.probeCount());
                steps.add(new Trace.Step(epoch, count, List.copyOf(trained), layers, loss, correct, parameters,
                        predicted, scores));
            }
        }
        return new Trace(backend.name(), steps);
    }

    /** A copy of a tensor's values as floats (rounded to nearest from a double backend). */
    static float[] floats(final CheckpointTensor t) {
        if (t instanceof NamedTensor f) {
            return f.values().clone();
        }
        double[] d = ((NamedDoubles) t).values();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }
}
