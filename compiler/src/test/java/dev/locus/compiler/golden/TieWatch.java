package dev.locus.compiler.golden;

import dev.locus.compiler.interp.InterpretedModel;
import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Tensor;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference backend, watched: after every training step it notes which layers' classifiers
 * had, for some sample of the batch, two best scores closer than the tolerance (as
 * {@link Agreement} judges the probe's predictions). A trace keeps only the correct counts of a
 * training batch, not its scores; where such a tie was, another backend may rightly count the
 * sample otherwise. Ties come from a sample whose features are all zero (every unit of a small
 * layer dead or dropped), whose scores are then the biases, which Adam's first steps move by
 * almost exactly the learning rate each.
 */
final class TieWatch {
    private final double relative;
    private final List<boolean[]> steps = new ArrayList<>();

    TieWatch(final double relative) {
        this.relative = relative;
    }

    /** The interpreter, noting ties here; one watch watches one run. */
    GoldenBackend reference() {
        return new GoldenBackend(GoldenBackend.REFERENCE, plan -> {
            GoldenBackend.Subject s = GoldenBackend.interpreter().model(plan);
            return new GoldenBackend.Subject(new Watched((InterpretedModel) s.model()), s.scores());
        });
    }

    Agreement.Ties ties() {
        return (step, layer) -> steps.get(step)[layer];
    }

    private boolean[] tiesOf(final InterpretedModel model, final int count) {
        Interpreter interpreter = model.interpreter();
        List<String> layers = model.layerNames();
        boolean[] tied = new boolean[layers.size()];
        for (int layer = 0; layer < layers.size(); layer++) {
            var scores = interpreter.graph().localScores(layers.get(layer));
            if (scores.isEmpty()) {
                continue;
            }
            Tensor t = interpreter.value(scores.get());
            int classes = t.sampleSize();
            double[] v = Arrays.copyOf(t.data(), count * classes);
            double allowed = relative * Math.max(Agreement.rms(v), Agreement.FLOOR);
            for (int s = 0; s < count && !tied[layer]; s++) {
                tied[layer] = Agreement.gap(v, s * classes, classes) <= allowed;
            }
        }
        return tied;
    }

    private final class Watched implements TrainableModel {
        private final InterpretedModel model;

        Watched(final InterpretedModel model) {
            this.model = model;
        }

        @Override
        public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
            model.trainStep(images, labels, count, stats);
            steps.add(tiesOf(model, count));
        }

        @Override
        public List<String> layerNames() {
            return model.layerNames();
        }

        @Override
        public void setTraining(final boolean training) {
            model.setTraining(training);
        }

        @Override
        public void setTrainable(final int layer, final boolean trainable) {
            model.setTrainable(layer, trainable);
        }

        @Override
        public boolean hasLocalLoss(final int layer) {
            return model.hasLocalLoss(layer);
        }

        @Override
        public boolean hasLocalClassifier(final int layer) {
            return model.hasLocalClassifier(layer);
        }

        @Override
        public void predict(final float[] images, final int count, final int[] predicted) {
            model.predict(images, count, predicted);
        }

        @Override
        public List<? extends CheckpointTensor> parameters() {
            return model.parameters();
        }

        @Override
        public List<? extends CheckpointTensor> state() {
            return model.state();
        }
    }
}
