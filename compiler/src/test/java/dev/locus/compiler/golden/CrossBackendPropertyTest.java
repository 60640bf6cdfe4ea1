package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.locus.compiler.backend.Tolerance;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.jvm.BytecodeVerifier;
import dev.locus.compiler.jvm.ClassReferences;
import dev.locus.compiler.jvm.GeneratedClass;
import dev.locus.compiler.jvm.NetworkCompiler;
import dev.locus.compiler.jvm.RuntimeOnlyPolicy;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus's comparison on generated programs: every backend trains each program of
 * {@link GeneratedPrograms} as the interpreter does, step by step, within the tolerance of the
 * program's op classes ({@link Tolerance}, docs/GOLDEN.md); and the JVM backend's class of every
 * one verifies and refers only to the runtime.
 */
class CrossBackendPropertyTest {
    private static final int EXAMPLES = 100;
    /** Beyond this, the probe's scores say that training diverged. */
    private static final double DIVERGED = 1e6;

    @Test
    void everyBackendTrainsEveryGeneratedProgramAsTheInterpreterDoes() {
        List<GoldenBackend> others = GoldenBackend.all().stream()
                .filter(b -> !b.name().equals(GoldenBackend.REFERENCE)).toList();
        assertFalse(others.isEmpty(), "a backend besides " + GoldenBackend.REFERENCE);
        Set<OpKind> ran = EnumSet.noneOf(OpKind.class);
        Map<Tolerance, Double> worst = new EnumMap<>(Tolerance.class);
        AtomicInteger steps = new AtomicInteger();
        AtomicInteger diverged = new AtomicInteger();
        qt().withFixedSeed(41).withExamples(EXAMPLES).forAll(GeneratedPrograms.programs()).checkAssert(program -> {
            TrainingPlan plan = program.plan();
            IrGraph ir = GoldenCorpus.ir(plan);
            Tolerance t = Tolerance.of(ir);
            SyntheticData data = SyntheticData.of(plan, Math.toIntExact(ir.images().type().shape().size()));
            TieWatch watch = new TieWatch(t.relative());
            Trace reference = GoldenRunner.run(watch.reference(), plan, data);
            if (diverges(reference)) {
                // Float overflows where double does not: no agreement to ask for.
                diverged.incrementAndGet();
                return;
            }
            for (GoldenBackend backend : others) {
                Agreement a = Agreement.of(reference, GoldenRunner.run(backend, plan, data), t.relative(), watch.ties());
                assertTrue(a.agrees(), backend.name() + " differs from " + GoldenBackend.REFERENCE + " beyond " + t
                        + " (" + t.relative() + "):\n  " + String.join("\n  ", a.problems()));
                worst.merge(t, a.worst(), Math::max);
            }
            ran.addAll(kinds(ir));
            steps.addAndGet(reference.steps().size());
        });
        worst.forEach((t, w) -> System.out.printf(Locale.ROOT,
                "generated programs under %s (%.0e): the worst difference used %.2f of it%n", t, t.relative(), w));
        System.out.printf(Locale.ROOT, "generated programs: %d steps compared, %d diverged, %d of %d op kinds ran%n",
                steps.get(), diverged.get(), ran.size(), OpKind.values().length);
        assertTrue(diverged.get() * 10 <= EXAMPLES, diverged + " of " + EXAMPLES + " programs diverged");
        assertEquals(EnumSet.allOf(OpKind.class), ran, "op kinds no generated program ran");
    }

    /** Whether the reference's probe scores grew beyond any a trained classifier has: the run diverges. */
    private static boolean diverges(final Trace reference) {
        return reference.steps().stream().flatMapToDouble(s -> Arrays.stream(s.scores()))
                .anyMatch(x -> !(Math.abs(x) < DIVERGED));
    }

    @Test
    void theClassOfEveryGeneratedProgramVerifiesAndRefersOnlyToTheRuntime() {
        qt().withFixedSeed(42).withExamples(150).forAll(GeneratedPrograms.programs()).checkAssert(program -> {
            IrGraph ir = GoldenCorpus.ir(program.plan());
            GeneratedClass generated = NetworkCompiler.compile(ir);
            assertEquals("", BytecodeVerifier.problems(generated), generated.internalName() + " does not verify");
            assertEquals(List.of(), RuntimeOnlyPolicy.violations(ClassReferences.of(generated.bytes())),
                    generated.internalName() + " refers outside the runtime");
        });
    }

    private static Set<OpKind> kinds(final IrGraph ir) {
        Set<OpKind> out = EnumSet.noneOf(OpKind.class);
        for (IrBlock b : ir.blocks()) {
            for (IrOp op : b.ops()) {
                out.add(op.kind());
            }
        }
        return out;
    }
}
