package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.backend.Tolerance;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.jvm.BytecodeVerifier;
import dev.locus.compiler.jvm.ClassReferences;
import dev.locus.compiler.jvm.GeneratedClass;
import dev.locus.compiler.jvm.NetworkCompiler;
import dev.locus.compiler.jvm.RuntimeOnlyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The networks a reader meets first: the README's first command's (examples/quickstart.locus) and
 * the two of LANGUAGE.md (examples/fashion_mlp.locus, examples/fashion_conv.locus). Each compiles
 * on the JVM backend to a class that verifies and refers only to the runtime, and trains on images
 * of the bundled Fashion-MNIST sample as the interpreter does, within the program's tolerance.
 * FashionMLP trains in batches of 32 instead of 128 here, FashionConv of 8 instead of 64: the same
 * networks, at sizes the interpreter steps through in a second.
 *
 * <p>Under the examples' own optimizer, Adam with its epsilon of 1e-8, only the first step's
 * losses are compared: Adam moves a weight by lr * g / (|g| + 1e-8), so for the few weights of a
 * million whose gradient is near 1e-8 the float rounding of g becomes a few percent of lr (FashionMLP
 * measured 7.5 times the elementwise tolerance after one step, FashionConv 4.1 times; with
 * epsilon 1e-6 or under SGD, 0.17 and 0.03). The parameters are compared after steps of SGD at the
 * example's learning rate.
 */
class ExampleNetworksTest {
    private static final int STEPS = 2;

    @ParameterizedTest
    @CsvSource({"quickstart.locus, 0", "fashion_mlp.locus, 32", "fashion_conv.locus, 8"})
    void compilesToASoundClassAndTrainsAsTheInterpreterDoes(final String file, final int batch) throws IOException {
        Path path = RepositoryFiles.root().resolve("examples").resolve(file);
        String source = Files.readString(path);
        if (batch > 0) {
            source = replaceLine(source, "batch", "batch     " + batch);
        }
        TrainingPlan plan = plan(path, source);
        IrGraph ir = GoldenCorpus.ir(plan);
        GeneratedClass generated = NetworkCompiler.compile(ir);
        assertEquals("", BytecodeVerifier.problems(generated), generated.internalName() + " does not verify");
        assertEquals(List.of(), RuntimeOnlyPolicy.violations(ClassReferences.of(generated.bytes())),
                generated.internalName() + " refers outside the runtime");
        Tolerance t = Tolerance.of(ir);
        SyntheticData data = SyntheticData.bundledSample(STEPS, plan.batch());

        TieWatch watch = new TieWatch(t.relative());
        Trace.Step reference = GoldenRunner.run(watch.reference(), plan, data, 1).last();
        Trace.Step jvm = GoldenRunner.run(GoldenBackend.jvm(), plan, data, 1).last();
        for (int layer = 0; layer < reference.layers().size(); layer++) {
            double r = reference.loss()[layer];
            double allowed = t.relative() * Math.max(Math.abs(r), Agreement.FLOOR);
            String name = file + " " + reference.layers().get(layer);
            assertTrue(Math.abs(jvm.loss()[layer] - r) <= allowed, name + "'s first loss " + jvm.loss()[layer]
                    + " on jvm, " + r + " on the interpreter, within " + allowed);
            assertTrue(reference.correct()[layer] == jvm.correct()[layer] || watch.ties().at(0, layer),
                    name + " correct " + jvm.correct()[layer] + " on jvm, " + reference.correct()[layer]);
        }

        TrainingPlan sgd = plan(path, replaceLine(source, "optimizer", "optimizer sgd(lr: " + plan.optimizer().lr()
                + ")"));
        TieWatch sgdWatch = new TieWatch(t.relative());
        Agreement a = Agreement.of(GoldenRunner.run(sgdWatch.reference(), sgd, data, STEPS),
                GoldenRunner.run(GoldenBackend.jvm(), sgd, data, STEPS), t.relative(), sgdWatch.ties());
        System.out.printf(Locale.ROOT, "%s on jvm, %d steps of SGD: within %s (%.0e), the worst difference used %.2f"
                + " of it%n", file, STEPS, t, t.relative(), a.worst());
        assertTrue(a.agrees(), file + " on jvm differs from the interpreter beyond " + t + ":\n  "
                + String.join("\n  ", a.problems()));
    }

    private static TrainingPlan plan(final Path path, final String source) {
        Diagnostics d = new Diagnostics();
        CheckedProgram program = FrontEnd.check(path, source, d)
                .orElseThrow(() -> new AssertionError(path.getFileName() + " does not check: " + d.all()));
        assertEquals(1, program.plans().size(), path.getFileName() + "'s train blocks");
        return program.plans().get(0);
    }

    /** {@code source} with its line of the train block's {@code setting} replaced by {@code line}. */
    private static String replaceLine(final String source, final String setting, final String line) {
        String replaced = source.replaceFirst("(?m)^(\\s*)" + setting + "\\s.*$", "$1" + line);
        assertNotEquals(source, replaced, "no " + setting + " line in\n" + source);
        return replaced;
    }
}
