package dev.locus.testkit;

import dev.locus.compiler.locality.Edge;
import dev.locus.compiler.locality.LocalityCheck;
import dev.locus.compiler.locality.LocalityReport;

/** {@link Property#LOCALITY_STATIC}: the compiler's own check, on the IR of every case. */
final class LocalityStaticCheck implements Check {
    @Override
    public Property property() {
        return Property.LOCALITY_STATIC;
    }

    @Override
    public String notApplicable(final Trial first, final boolean requireLocal) {
        return Check.notLocal(first, requireLocal);
    }

    @Override
    public Outcome run(final Trial t) {
        LocalityReport report = LocalityCheck.analyze(t.graph);
        if (report.isLocal()) {
            return Outcome.pass(t.graph.network().layerNames().size());
        }
        Edge e = report.edges().get(0);
        return Outcome.fail("the update of " + e.reader().layer() + " reads " + e.source() + "'s "
                + (e.kind() == Edge.Kind.ERROR ? "error" : "weights") + " (a cross-layer backward edge"
                + (e.op().origin() == null ? "" : ", from " + e.op().origin()) + "); " + report.edges().size()
                + " edges in all");
    }

    @Override
    public String summary(final int cases, final int compared) {
        return "no cross-layer backward edge in the IR of " + Check.count(cases, "network") + "";
    }
}
