package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.locus.compiler.source.SourceFile;
import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.Activations;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.generated.ModelClasses;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stack trace through generated code names the user's .locus file and line. */
class SourceLineTest {
    private static final String TEXT = "network Broken {\n  input [4]\n  only: dense(2) -> relu\n}\n";
    private static final GeneratedClass BROKEN = SmallNetworks.withForward("Broken", "broken.locus", (b, fw) -> {
        final FieldRef tooShort = b.buffer("tooShort", 1);
        final SourceFile source = new SourceFile("broken.locus", TEXT);
        fw.at(source.span(TEXT.indexOf("only"), TEXT.indexOf("only") + 4))
            .invoke(RuntimeMethod.named(Activations.class, "forward"), Activation.RELU, 0f, tooShort, 0,
                fw.local("count"), 2, 1, null, 0);
    });

    private static List<StackTraceElement> traceOfAPrediction(final ModelClassDefiner.Definition how) {
        final CompiledNetwork model = ModelClassDefiner.load(BROKEN, how);
        model.initialize(1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> model.predict(new float[4], 1, new int[1]));
        assertEquals("x is too short: needs 2 floats from offset 0, got 1 in all", e.getMessage());
        return Arrays.asList(e.getStackTrace());
    }

    @Test
    void aPlainClassShowsTheLocusFileAndLineOfTheOpThatFailed() {
        GeneratedClassAssertions.assertSound(BROKEN);
        final StackTraceElement frame = traceOfAPrediction(ModelClassDefiner.Definition.PLAIN).stream()
            .filter(f -> f.getClassName().equals(BROKEN.binaryName())).findFirst().orElseThrow();
        assertEquals("broken.locus", frame.getFileName());
        assertEquals(3, frame.getLineNumber());
        assertEquals("forward", frame.getMethodName());
        assertEquals("dev.locus.runtime.model.generated.Broken.forward(broken.locus:3)", frame.toString()
            .replaceFirst("^locus-Broken//", ""));
    }

    @Test
    void aHiddenClassIsLeftOutOfStackTracesWhichIsWhyDebuggingUsesAPlainOne() {
        final String prefix = ModelClasses.PACKAGE.replace('/', '.') + ".";
        final List<StackTraceElement> trace = traceOfAPrediction(ModelClassDefiner.Definition.HIDDEN);
        assertEquals(List.of(), trace.stream().filter(f -> f.getClassName().startsWith(prefix)).toList());
        assertEquals("predict", trace.stream().filter(f -> f.getClassName().equals(CompiledNetwork.class.getName()))
            .findFirst().orElseThrow().getMethodName());
    }
}
