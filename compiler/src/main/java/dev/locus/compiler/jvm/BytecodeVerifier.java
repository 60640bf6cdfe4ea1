package dev.locus.compiler.jvm;

import dev.locus.runtime.model.CompiledNetwork;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * ASM's verifier over a generated class ({@link CheckClassAdapter#verify}): the types on the stack
 * and in locals at every instruction, against the runtime classes it calls, loaded from the
 * runtime's class loader. It catches a wrong argument order or a stale descriptor when the class
 * is generated, with the failing instruction named, instead of as a VerifyError when it is loaded.
 */
public final class BytecodeVerifier {
    private BytecodeVerifier() {
    }

    /**
     * The verifier's report on {@code generated}: empty when the class is sound; else each error,
     * then every method with the types in its frames at each instruction (where the frames stop
     * is where the error is), without the verifier's own stack traces.
     */
    public static String problems(final GeneratedClass generated) {
        if (report(generated, false).isEmpty()) {
            return "";
        }
        return report(generated, true);
    }

    private static String report(final GeneratedClass generated, final boolean withFrames) {
        final StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(generated.bytes()), CompiledNetwork.class.getClassLoader(), withFrames,
            new PrintWriter(report));
        return report.toString().lines()
            .filter(line -> !line.startsWith("\tat ") && !line.startsWith("\t... "))
            .map(line -> line + "\n")
            .reduce("", String::concat);
    }
}
