package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.jvm.BytecodeVerifier;
import dev.locus.compiler.jvm.ClassReferences;
import dev.locus.compiler.jvm.GeneratedClass;
import dev.locus.compiler.jvm.NetworkCompiler;
import dev.locus.compiler.jvm.RuntimeOnlyPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The class the JVM backend generates for every golden program verifies and calls only the runtime and Math. */
class GoldenClassesTest {

    @TestFactory
    Stream<DynamicTest> everyGoldenProgramCompilesToASoundClass() {
        return GoldenCorpus.programs().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            IrGraph ir = GoldenRuns.of(p).ir();
            GeneratedClass generated = NetworkCompiler.compile(ir);
            assertEquals("", BytecodeVerifier.problems(generated), generated.internalName() + " does not verify");
            assertEquals(List.of(), RuntimeOnlyPolicy.violations(ClassReferences.of(generated.bytes())),
                    generated.internalName() + " refers outside the runtime");
            assertTrue(generated.internalName().endsWith("/" + ir.network().name()), generated.internalName());
        }));
    }
}
