package dev.locus.testkit;

import dev.locus.compiler.locality.LocalityCheck;

/**
 * How one property is checked on one case, and on which cases: each property has its own
 * generator of networks, its optimizer and its share of the tries.
 */
interface Check {
    Property property();

    /** The case checked; throws only on an internal error. */
    Outcome run(Trial t);

    /** Why the property does not apply to this rule, judged on its first case; null when it applies. */
    default String notApplicable(final Trial first, final boolean requireLocal) {
        return null;
    }

    /** What a pass says, given the cases and what they compared in all. */
    String summary(int cases, int compared);

    /** The optimizer of the train block the case is compiled under. */
    default String optimizer() {
        return "sgd(lr: 0.001)";
    }

    /** Generated cases for {@code tries} asked for. */
    default int tries(final int tries) {
        return tries;
    }

    /** The networks it generates. */
    default NetworkSpec network(final Draw d) {
        return Generators.small(d, NetworkSpec.ACTIVATIONS);
    }

    /** The minibatch of a generated case. */
    default int batch() {
        return 4;
    }

    /** Trials a shrink may run at most. */
    default int shrinkBudget() {
        return 120;
    }

    /** One {@code part}-th of {@code tries}, at least 1 unless none were asked for. */
    static int share(final int tries, final int part) {
        return tries == 0 ? 0 : Math.max(1, tries / part);
    }

    /** "1 network", "3 networks". */
    static String count(final int n, final String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Why a rule that is not local is left alone, unless locality is required. */
    static String notLocal(final Trial first, final boolean requireLocal) {
        var report = LocalityCheck.analyze(first.graph);
        if (report.isLocal() || requireLocal) {
            return null;
        }
        return "not local: it propagates (" + count(report.edges().size(), "cross-layer backward edge")
                + " in the first network); checked with --require-local";
    }
}
