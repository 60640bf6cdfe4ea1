package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Kinks;
import dev.locus.compiler.locality.LocalityCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/** {@link Property#GRADIENT}. */
final class GradientCheck implements Check {
    /** Elements checked per parameter: a wrong gradient is rarely right in a few of them. */
    static final int PER_PARAMETER = 8;
    /** Batches drawn before a case is given up as lying on a kink. */
    static final int ATTEMPTS = 20;

    @Override
    public Property property() {
        return Property.GRADIENT;
    }

    @Override
    public Outcome run(final Trial t) {
        Interpreter in = t.interpreter();
        Steps.feedbackToForward(t.graph, in);
        ClusterData batch = awayFromKinks(t, in);
        if (batch == null) {
            return Outcome.inconclusive("every batch drawn lay on a kink");
        }
        boolean local = LocalityCheck.analyze(t.graph).isLocal();
        Random r = new Random(t.kase.seed());
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        for (String layer : in.layers()) {
            ToDoubleFunction<Interpreter> objective = local ? i -> Steps.loss(i, layer) : Steps::totalLoss;
            for (String p : FiniteDifferences.check(in, batch, layer, objective, PER_PARAMETER, r, checked)) {
                problems.add(p + " (of " + (local ? "the loss of " + layer : "the sum of the losses") + ")");
            }
        }
        if (!problems.isEmpty()) {
            return Outcome.fail(problems.get(0) + (problems.size() > 1 ? " and " + (problems.size() - 1)
                    + " more elements" : ""));
        }
        return Outcome.pass(checked[0]);
    }

    /** Draws batches of the case's clusters until every value of the step is clear of the graph's kinks. */
    static ClusterData awayFromKinks(final Trial t, final Interpreter in) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ClusterData b = t.data(t.kase.batch(), 100 + attempt);
            Steps.frozen(in, b);
            if (Kinks.distance(in) > Kinks.MARGIN) {
                return b;
            }
        }
        return null;
    }

    @Override
    public String summary(final int cases, final int compared) {
        return Check.count(compared, "gradient element") + " on " + Check.count(cases, "network")
                + " agree with central differences";
    }
}
