package dev.locus.testkit;

import dev.locus.compiler.jvm.JvmBackend;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainingDriver;
import java.util.Locale;

/**
 * {@link Property#LEARNS}: trained on the JVM backend ({@value #EPOCHS} epochs of Adam over
 * {@value #TRAIN_PER_CLASS} samples a class of {@link ClusterData}), the network predicts
 * {@value #TEST_PER_CLASS} new samples a class of the same clusters: its accuracy must reach
 * halfway from chance to perfect, (1 + 1/classes) / 2, wherever backprop does (a task backprop
 * does not learn either, such as a network shrunk to a bottleneck of one unit, is left out).
 */
final class LearningCheck implements Check {
    static final int EPOCHS = 60;
    static final int TRAIN_PER_CLASS = 40;
    static final int TEST_PER_CLASS = 25;

    @Override
    public Property property() {
        return Property.LEARNS;
    }

    @Override
    public String optimizer() {
        return "adam(lr: 0.005)";
    }

    @Override
    public int tries(final int tries) {
        return Check.share(tries, 6);
    }

    @Override
    public NetworkSpec network(final Draw d) {
        return Generators.learning(d);
    }

    @Override
    public int batch() {
        return 16;
    }

    @Override
    public int shrinkBudget() {
        return 30;
    }

    @Override
    public Outcome run(final Trial t) {
        if (t.features() < t.classes()) {
            // A class that owns no feature may share its centre with another: no rule need separate them.
            return Outcome.inconclusive("fewer features than classes: the clusters need not be separable");
        }
        double accuracy = accuracy(t);
        double chance = 1.0 / t.classes();
        double needed = (1 + chance) / 2;
        if (!(accuracy >= needed)) {
            // Only a task the rule fails and backprop learns says something about the rule: a network too
            // narrow for the task (a shrink goes there) is left out.
            double backprop = accuracy(t.under("backprop"));
            if (!(backprop >= needed)) {
                return Outcome.inconclusive(String.format(Locale.ROOT, "backprop does not learn that network either "
                        + "(test accuracy %.3f)", backprop));
            }
            return Outcome.fail(String.format(Locale.ROOT, "test accuracy %.3f on separable clusters of %d classes "
                    + "(chance %.3f, needed %.3f; backprop reaches %.3f)", accuracy, t.classes(), chance, needed,
                    backprop));
        }
        return Outcome.pass((int) Math.round(accuracy * 1000));
    }

    /** The test accuracy after training, on the JVM backend. */
    static double accuracy(final Trial t) {
        ClusterData train = t.data(TRAIN_PER_CLASS * t.classes(), 0);
        ClusterData test = t.data(TEST_PER_CLASS * t.classes(), 1_000_000);
        CompiledNetwork model = new JvmBackend().model(t.jvmGraph());
        int batch = t.kase.batch();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            int[] order = TrainingDriver.order(t.plan.seed(), epoch, train.count());
            model.setTraining(true);
            for (int first = 0; first < train.count(); first += batch) {
                ClusterData b = train.slice(order, first, Math.min(batch, train.count() - first));
                model.trainStep(b.images(), b.labels(), b.count(), new StepStats(model.layerNames().size()));
            }
        }
        model.setTraining(false);
        int[] predicted = new int[test.count()];
        int right = 0;
        for (int first = 0; first < test.count(); first += batch) {
            ClusterData b = test.slice(null, first, Math.min(batch, test.count() - first));
            int[] p = new int[b.count()];
            model.predict(b.images(), b.count(), p);
            System.arraycopy(p, 0, predicted, first, p.length);
        }
        for (int i = 0; i < test.count(); i++) {
            right += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        return (double) right / test.count();
    }

    @Override
    public String summary(final int cases, final int compared) {
        return "beats chance by half the way to perfect on " + Check.count(cases, "cluster task")
                + " (mean test accuracy "
                + String.format(Locale.ROOT, "%.3f", compared / 1000.0 / Math.max(1, cases)) + ")";
    }
}
