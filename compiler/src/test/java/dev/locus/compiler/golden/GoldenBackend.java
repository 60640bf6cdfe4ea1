package dev.locus.compiler.golden;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.interp.InterpretedModel;
import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.interp.Tensor;
import dev.locus.compiler.jvm.JvmBackend;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.train.TrainableModel;
import java.util.List;
import java.util.function.Function;

/**
 * A backend that every golden program runs on, and the one place that knows how a backend builds
 * a model from a checked train block. A new backend is one more entry in {@link #all()}.
 *
 * @param name  what reports call it ({@code --backend} spells it the same)
 * @param build a fresh model of the train block, with its seed and optimizer
 */
record GoldenBackend(String name, Function<TrainingPlan, Subject> build) {
    /** The backend every other one is compared with. */
    static final String REFERENCE = "interp";

    /**
     * A model under test: it trains through the runtime's {@link TrainableModel}, the interface
     * every backend implements; {@code scores} reads the network's output for a batch in
     * prediction mode, which that interface does not hand out.
     */
    record Subject(TrainableModel model, Scorer scores) {
    }

    /** The network's output scores for the first {@code count} images, sample after sample. */
    @FunctionalInterface
    interface Scorer {
        double[] scores(float[] images, int count);
    }

    /** Every backend, the reference first. */
    static List<GoldenBackend> all() {
        return List.of(interpreter(), jvm());
    }

    static GoldenBackend reference() {
        return all().get(0);
    }

    static GoldenBackend interpreter() {
        return new GoldenBackend(REFERENCE, plan -> {
            InterpretedModel m = new InterpretedModel(GoldenCorpus.ir(plan));
            return new Subject(m, (images, count) -> interpreterScores(m, images, count));
        });
    }

    /** The JVM backend: the network compiled to a class of float kernels. */
    static GoldenBackend jvm() {
        return new GoldenBackend("jvm", plan -> {
            CompiledNetwork m = new JvmBackend().model(GoldenCorpus.ir(plan));
            return new Subject(m, (images, count) -> {
                float[] scores = new float[count * m.classes()];
                m.predictScores(images, count, scores);
                double[] out = new double[scores.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = scores[i];
                }
                return out;
            });
        });
    }

    static double[] interpreterScores(final InterpretedModel m, final float[] images, final int count) {
        int sample = Math.toIntExact(m.interpreter().graph().images().type().shape().size());
        double[] x = new double[count * sample];
        for (int i = 0; i < x.length; i++) {
            x[i] = images[i];
        }
        Tensor scores = m.interpreter().predict(x, count, Mode.PREDICTING);
        return java.util.Arrays.copyOf(scores.data(), count * scores.sampleSize());
    }

    Subject model(final TrainingPlan plan) {
        return build.apply(plan);
    }
}
