package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.model.generated.ModelClasses;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** The runtime defines hidden classes of its generated-model package, and only networks. */
class ModelClassDefinerTest {

    private static byte[] emptyClass(final String internalName) {
        final ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void aClassOfAnotherPackageIsRefused() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ModelClasses.defineHidden(emptyClass("dev/locus/runtime/kernel/Intruder")));
        assertTrue(e.getMessage().contains("dev.locus.runtime.kernel.Intruder"), e.getMessage());
    }

    @Test
    void aClassThatIsNotANetworkIsRefused() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ModelClasses.defineHidden(emptyClass(ModelClasses.PACKAGE + "/Plain")));
        assertTrue(e.getMessage().matches("dev\\.locus\\.runtime\\.model\\.generated\\.Plain/0x[0-9a-f]+ does not "
            + "extend dev\\.locus\\.runtime\\.model\\.CompiledNetwork"), e.getMessage());
    }

    @Test
    void twoNetworksOfTheSameNameCoexistEitherWay() {
        final GeneratedClass tiny = new TinyDenseEmitter().emit("Tiny");
        for (final ModelClassDefiner.Definition how : ModelClassDefiner.Definition.values()) {
            final Class<?> a = ModelClassDefiner.define(tiny, how);
            final Class<?> b = ModelClassDefiner.define(tiny, how);
            assertTrue(a != b, how.toString());
            assertEquals(how == ModelClassDefiner.Definition.HIDDEN, a.isHidden());
        }
    }
}
