package dev.locus.cli;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.DataSource;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The data of a train block as `train` and `bench train` take it: its source, checked against the network, limited. */
final class TrainingData {
    private TrainingData() {
    }

    /** What the runtime's loader reads for the block's `data` line. */
    static DataSource source(final TrainingPlan.DataSource data) {
        if (data instanceof TrainingPlan.NamedData n) {
            return new DataSource.Named(n.name());
        }
        TrainingPlan.IdxData idx = (TrainingPlan.IdxData) data;
        return new DataSource.IdxFiles(idx.images().toString(), idx.labels().toString(), idx.testImages().toString(),
                idx.testLabels().toString());
    }

    /** Refuses data whose samples are not the network's input or whose classes are not the network's. */
    static void check(final TrainingPlan plan, final DataSet data) {
        String network = plan.network().name();
        if (!Arrays.equals(plan.network().input().dims(), data.sampleShape())) {
            throw new LocusException(plan.data().span() + ": data " + data.name() + " has samples of "
                    + Arrays.toString(data.sampleShape()) + " but network " + network + " takes input "
                    + plan.network().input());
        }
        if (data.classes() != plan.network().classes()) {
            throw new LocusException(plan.data().span() + ": data " + data.name() + " has " + data.classes()
                    + " classes (labels 0.." + (data.classes() - 1) + ") but network " + network + " has classes "
                    + plan.network().classes());
        }
    }

    /**
     * The first {@code limit} training images; all of them, said on {@code err} as {@code locus COMMAND: ...},
     * when the set has fewer.
     */
    static DataSet limit(final DataSet data, final Optional<Integer> limit, final String command,
                         final PrintStream err) {
        if (limit.isEmpty()) {
            return data;
        }
        if (limit.get() > data.train().count()) {
            err.println(String.format(Locale.ROOT, "locus %s: --limit %d is more than the %,d training images of %s: "
                    + "all are used", command, limit.get(), data.train().count(), data.name()));
            return data;
        }
        return data.limit(limit.get());
    }
}
