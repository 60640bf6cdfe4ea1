package dev.locus.compiler.golden;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.ir.IrGraph;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A golden program ready to run, and its trace on the reference backend, made once per test run
 * and shared by the tests that compare against it.
 */
record GoldenRuns(Path program, TrainingPlan plan, IrGraph ir, SyntheticData data) {
    private static final Map<Path, GoldenRuns> PROGRAMS = new ConcurrentHashMap<>();
    private static final Map<Path, Trace> REFERENCE = new ConcurrentHashMap<>();

    static GoldenRuns of(final Path program) {
        return PROGRAMS.computeIfAbsent(program, p -> {
            TrainingPlan plan = GoldenCorpus.plan(p);
            IrGraph ir = GoldenCorpus.ir(plan);
            int sample = Math.toIntExact(ir.images().type().shape().size());
            return new GoldenRuns(p, plan, ir, SyntheticData.of(plan, sample));
        });
    }

    String name() {
        return GoldenCorpus.name(program);
    }

    /** A fresh model of the program on {@code backend}, trained over the synthetic data. */
    Trace run(final GoldenBackend backend) {
        return GoldenRunner.run(backend, plan, data);
    }

    /** The reference backend's trace, run once. */
    Trace reference() {
        return REFERENCE.computeIfAbsent(program, p -> run(GoldenBackend.reference()));
    }

    /** The golden text of a trace of this program. */
    String text(final Trace trace) {
        return GoldenText.of(name(), trace, data, ir.images().type().shape().toString(), plan.network().classes(),
                plan.batch());
    }
}
