package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.kernel.Sgemm;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

class BytecodeVerifierTest {
    private static final RuntimeMethod ABS = absOfFloat();

    private static RuntimeMethod absOfFloat() {
        try {
            return RuntimeMethod.of(Math.class.getMethod("abs", float.class));
        } catch (final NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anIntWhereAFloatIsExpectedFailsVerificationNamingTheMethodAndTheArgument() {
        final GeneratedClass wrong = SmallNetworks.withForward("Wrong", "w.locus",
            (b, fw) -> fw.push(1).call(ABS).pop(Type.FLOAT_TYPE));
        final String problems = BytecodeVerifier.problems(wrong);
        assertTrue(problems.contains("forward([FI)V"), problems);
        assertTrue(problems.contains("Argument 1: expected F, but found I"), problems);
        final AssertionError failure = assertThrows(AssertionError.class,
            () -> GeneratedClassAssertions.assertVerifies(wrong));
        assertTrue(failure.getMessage().startsWith("dev/locus/runtime/model/generated/Wrong does not verify:\n"),
            failure.getMessage());
        assertTrue(failure.getMessage().contains("Argument 1: expected F, but found I"), failure.getMessage());
    }

    @Test
    void invokeChecksEveryArgumentAgainstTheRealMethodWhenTheCodeIsEmitted() {
        assertEquals("argument 1 of java/lang/Math.abs is a float, got Integer 1", emitting(fw -> fw.invoke(ABS, 1)));
        assertEquals("java/lang/Math.abs takes 1 arguments, got 2", emitting(fw -> fw.invoke(ABS, 1f, 2f)));
        assertEquals("argument 7 of dev/locus/runtime/kernel/Sgemm.sgemm is a float[], got local count of type int",
            emitting(fw -> fw.invoke(RuntimeMethod.named(Sgemm.class, "sgemm"), false, false, 1, 1, 1, 1f,
                fw.local("count"), 0, 1, null, 0, 1, 0f, null, 0, 1)));
        assertEquals("this method has no argument or local named labels; it has [images, count]",
            emitting(fw -> fw.local("labels")));
    }

    private static String emitting(final java.util.function.Consumer<MethodEmitter> body) {
        return assertThrows(IllegalArgumentException.class,
            () -> SmallNetworks.withForward("Bad", "b.locus", (b, fw) -> body.accept(fw))).getMessage();
    }
}
