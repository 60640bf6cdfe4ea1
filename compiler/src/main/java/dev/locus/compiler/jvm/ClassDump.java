package dev.locus.compiler.jvm;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * What {@code --dump-classes DIR} writes for each generated class: {@code NAME.class}, which
 * {@code javap} and decompilers read, and {@code NAME.txt}, ASM's Textifier listing of it (every
 * instruction with its source line), so that what the compiler emitted can be read beside the
 * {@code .locus} source.
 */
public final class ClassDump {
    private ClassDump() {
    }

    /** Writes {@code generated}'s two files into {@code dir} (created if missing) and returns the .class file. */
    public static Path write(final Path dir, final GeneratedClass generated) throws IOException {
        Files.createDirectories(dir);
        final Path classFile = dir.resolve(generated.simpleName() + ".class");
        Files.write(classFile, generated.bytes());
        Files.writeString(dir.resolve(generated.simpleName() + ".txt"), listing(generated));
        return classFile;
    }

    /** The Textifier listing of {@code generated}. */
    public static String listing(final GeneratedClass generated) {
        final StringWriter text = new StringWriter();
        new ClassReader(generated.bytes()).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        return text.toString();
    }
}
