package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** The constant-pool check catches generated code that reaches past the runtime, however it got there. */
class RuntimeOnlyPolicyTest {

    @Test
    void aCallOutsideTheRuntimeIsListedWithItsClassAndMember() {
        final GeneratedClass leaky = SmallNetworks.withForward("Leaky", "leaky.locus", (b, fw) -> {
            fw.call(new RuntimeMethod("java/lang/System", "nanoTime", "()J", false, Opcodes.INVOKESTATIC))
                .pop(Type.LONG_TYPE);
            fw.visitor().visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
            fw.pop(Type.getType(Object.class));
        });
        GeneratedClassAssertions.assertVerifies(leaky);
        assertEquals(List.of("class java/lang/System", "field java/lang/System.outLjava/io/PrintStream;",
                "method java/lang/System.nanoTime()J", "type java/io/PrintStream in a descriptor"),
            RuntimeOnlyPolicy.violations(ClassReferences.of(leaky.bytes())));
    }

    @Test
    void theEmitterRefusesToLookUpAMethodOutsideTheRuntime() throws NoSuchMethodException {
        assertEquals("generated code may call only the Locus runtime and java.lang.Math, not java.lang.System.nanoTime",
            assertThrows(IllegalArgumentException.class,
                () -> RuntimeMethod.of(System.class.getMethod("nanoTime"))).getMessage());
        assertEquals("java.time.DayOfWeek is not a runtime enum", assertThrows(IllegalArgumentException.class,
            () -> SmallNetworks.withForward("E", "e.locus", (b, fw) -> fw.push(java.time.DayOfWeek.MONDAY)))
            .getMessage());
    }

    @Test
    void mathAndObjectsConstructorArePartOfWhatIsAllowed() {
        final GeneratedClass math = SmallNetworks.withForward("Maths", "m.locus", (b, fw) -> {
            fw.push(2.0).call(RuntimeMethod.named(Math.class, "sqrt")).pop(Type.DOUBLE_TYPE);
        });
        GeneratedClassAssertions.assertSound(math);
        final ClassReferences refs = ClassReferences.of(math.bytes());
        assertEquals(List.of("java/lang/Math.sqrt(D)D"), refs.methods().stream().map(Object::toString)
            .filter(m -> m.startsWith("java/")).toList());
        assertEquals(List.of(), refs.dynamic());
    }
}
