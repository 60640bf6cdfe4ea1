package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** What every test holds of every class the backend generates. */
final class GeneratedClassAssertions {
    private GeneratedClassAssertions() {
    }

    /** Fails with ASM's verifier report when {@code generated} does not verify. */
    static void assertVerifies(final GeneratedClass generated) {
        final String problems = BytecodeVerifier.problems(generated);
        if (!problems.isEmpty()) {
            fail(generated.internalName() + " does not verify:\n" + problems);
        }
    }

    /** Fails listing every reference of {@code generated} outside the runtime, java.lang.Math and Object. */
    static void assertRefersOnlyToRuntime(final GeneratedClass generated) {
        assertEquals(List.of(), RuntimeOnlyPolicy.violations(ClassReferences.of(generated.bytes())),
            generated.internalName() + " refers outside the runtime");
    }

    /** Both of the above. */
    static void assertSound(final GeneratedClass generated) {
        assertVerifies(generated);
        assertRefersOnlyToRuntime(generated);
    }
}
