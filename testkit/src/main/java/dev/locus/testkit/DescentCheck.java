package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.locality.LocalityCheck;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@link Property#DESCENT}: for each layer, one SGD step of it alone (learning rate {@value #LR},
 * the other layers frozen) on a batch clear of kinks, then its objective on the same batch: it
 * must not have grown beyond the rounding of double arithmetic. A layer that propagates is judged
 * on the sum of the losses, with its feedback set to the forward path (as {@link GradientCheck}).
 */
final class DescentCheck implements Check {
    static final double LR = 1e-3;

    @Override
    public Property property() {
        return Property.DESCENT;
    }

    @Override
    public String optimizer() {
        return "sgd(lr: " + LR + ")";
    }

    @Override
    public NetworkSpec network(final Draw d) {
        // Smooth activations: a small step then stays in one smooth piece of the objective.
        return Generators.small(d, List.of("tanh", "sigmoid", "identity"));
    }

    @Override
    public int batch() {
        return 8;
    }

    @Override
    public Outcome run(final Trial t) {
        Interpreter in = t.interpreter();
        Steps.feedbackToForward(t.graph, in);
        ClusterData batch = GradientCheck.awayFromKinks(t, in);
        if (batch == null) {
            return Outcome.inconclusive("every batch drawn lay on a kink");
        }
        boolean local = LocalityCheck.analyze(t.graph).isLocal();
        List<String> layers = in.layers();
        int stepped = 0;
        for (int k = 0; k < layers.size(); k++) {
            String layer = layers.get(k);
            ToDoubleFunction<Interpreter> objective = local ? i -> Steps.loss(i, layer) : Steps::totalLoss;
            Steps.frozen(in, batch);
            double before = objective.applyAsDouble(in);
            double squared = 0;
            for (double v : Steps.flatGradient(in, layer)) {
                squared += v * v;
            }
            if (squared == 0) {
                continue;
            }
            Map<String, double[]> saved = Steps.parameters(in);
            in.setTrainable(k, true);
            // Under the masks the frozen steps saw: the step descends the function it is measured on.
            Steps.firstStep(in);
            in.step(batch.doubles(), batch.labels(), batch.count(), Mode.TRAINING);
            Steps.frozen(in, batch);
            double after = objective.applyAsDouble(in);
            saved.forEach(in::setParameter);
            stepped++;
            if (after > before + 1e-12 * Math.max(1, Math.abs(before))) {
                return Outcome.fail(String.format(Locale.ROOT,
                        "one step of %s (sgd, lr %s) raised %s from %.9g to %.9g", layer, LR,
                        local ? "its loss" : "the sum of the losses", before, after));
            }
        }
        return Outcome.pass(stepped);
    }

    @Override
    public String summary(final int cases, final int compared) {
        return Check.count(compared, "small step") + " on " + Check.count(cases, "network")
                + " did not raise their objective";
    }
}
