package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.random.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

class MethodEmitterTest {

    @Test
    void constantsTakeTheirShortestInstruction() {
        final GeneratedClass constants = SmallNetworks.withForward("Constants", "c.locus", (b, fw) -> {
            for (final int v : new int[] {-1, 5, 6, -128, 127, 128, -32768, 32767, 32768}) {
                fw.push(v).pop(Type.INT_TYPE);
            }
            for (final float v : new float[] {0f, -0f, 1f, 2f, 0.5f}) {
                fw.push(v).pop(Type.FLOAT_TYPE);
            }
            fw.push(0L).pop(Type.LONG_TYPE).push(1L).pop(Type.LONG_TYPE).push(7L).pop(Type.LONG_TYPE);
            fw.push(true).pop(Type.INT_TYPE).push(-0.0).pop(Type.DOUBLE_TYPE);
        });
        GeneratedClassAssertions.assertSound(constants);
        final String listing = ClassDump.listing(constants);
        final String forward = listing.substring(listing.indexOf("forward([FI)V"), listing.indexOf("RETURN",
            listing.indexOf("forward([FI)V")));
        final List<String> pushes = forward.lines().map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("POP") && !l.startsWith("forward")).toList();
        assertEquals(List.of("ICONST_M1", "ICONST_5", "BIPUSH 6", "BIPUSH -128", "BIPUSH 127", "SIPUSH 128",
            "SIPUSH -32768", "SIPUSH 32767", "LDC 32768", "FCONST_0", "LDC -0.0F", "FCONST_1", "FCONST_2", "LDC 0.5F",
            "LCONST_0", "LCONST_1", "LDC 7L", "ICONST_1", "LDC -0.0D"), pushes);
    }

    @Test
    void aRuntimeMethodIsLookedUpOnceAndItsDescriptorComesFromTheRealMethod() {
        final RuntimeMethod forKey = RuntimeMethod.named(SeededRandom.class, "forKey");
        assertEquals("(JLjava/lang/String;Ljava/lang/String;)Ldev/locus/runtime/random/SeededRandom;",
            forKey.descriptor());
        assertEquals("dev.locus.runtime.random.SeededRandom has no public or protected method forkey",
            assertThrows(IllegalArgumentException.class, () -> RuntimeMethod.named(SeededRandom.class, "forkey"))
                .getMessage());
        assertEquals("dev.locus.runtime.random.SeededRandom.split is overloaded (2 methods): pick one with "
                + "RuntimeMethod.of(Method)",
            assertThrows(IllegalArgumentException.class, () -> RuntimeMethod.named(SeededRandom.class, "split"))
                .getMessage());
    }

    @Test
    void framesAreComputedWithoutLoadingTheClassBeingMade() {
        final String made = "dev/locus/runtime/model/generated/NotYetLoaded";
        final ModelClassWriter writer = new ModelClassWriter(made, Type.getInternalName(CompiledNetwork.class),
            CompiledNetwork.class.getClassLoader());
        assertEquals("dev/locus/runtime/model/CompiledNetwork",
            writer.getCommonSuperClass(made, "dev/locus/runtime/model/CompiledNetwork"));
        assertEquals("java/lang/Object", writer.getCommonSuperClass("dev/locus/runtime/train/StepStats", made));
        assertEquals(made, writer.getCommonSuperClass(made, made));
    }

    @Test
    void theBuilderRefusesWhatCannotBeAClass() {
        assertEquals("class name my-net is not a Java identifier", assertThrows(IllegalArgumentException.class,
            () -> new NetworkClassBuilder("my-net", "a.locus", "n", 1, 1, 1)).getMessage());
        final NetworkClassBuilder b = new NetworkClassBuilder("Twice", "a.locus", "Twice", 1, 2, 1);
        final int layer = b.layer("h", true, true);
        b.buffer("x", 1);
        assertEquals("field x is declared twice", assertThrows(IllegalArgumentException.class,
            () -> b.buffer("x", 1)).getMessage());
        assertEquals("tensor w belongs to layer 1, but 1 layers are declared", assertThrows(
            IllegalArgumentException.class, () -> b.parameter(layer + 1, "w", 2)).getMessage());
        assertEquals("network class dev/locus/runtime/model/generated/Twice has no initializeParameters method",
            assertThrows(IllegalStateException.class, b::finish).getMessage());
    }
}
