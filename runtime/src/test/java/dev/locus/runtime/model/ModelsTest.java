package dev.locus.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models reads a jar's service index; the hand-written TinyDenseNetwork stands for a generated
 * class (it is on the test class path too, where the model's loader finds it first).
 */
class ModelsTest {
    private static final String TINY = TinyDenseNetwork.class.getName();

    @TempDir
    Path dir;

    private Path jar(final String name, final String index) throws IOException {
        final Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            if (index != null) {
                zip.putNextEntry(new ZipEntry(Models.SERVICE));
                zip.write(index.getBytes(StandardCharsets.UTF_8));
            }
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void loadsTheOnlyNetworkListed() throws IOException {
        final CompiledModel model = Models.load(jar("one.jar", "# a comment\n" + TINY + "\n"));
        assertInstanceOf(TinyDenseNetwork.class, model);
        assertEquals("Tiny", model.network());
        assertTrue(Models.info(model).isEmpty(), "the hand-written class has no properties beside it");
    }

    @Test
    void loadsANetworkByName() throws IOException {
        final Path jar = jar("two.jar", TINY + "\n" + TINY + "\n");
        assertEquals(List.of(TINY, TINY), Models.classes(jar));
        assertEquals("Tiny", Models.load(jar, "Tiny").network());
        assertEquals(jar + " holds 2 networks (" + TINY + ", " + TINY + "): name one with Models.load(jar, network)",
            assertThrows(LocusException.class, () -> Models.load(jar)).getMessage());
        assertEquals(jar + " holds no network Big; it holds Tiny, Tiny",
            assertThrows(LocusException.class, () -> Models.load(jar, "Big")).getMessage());
    }

    @Test
    void refusesWhatIsNotAModelJar() throws IOException {
        final Path plain = jar("plain.jar", null);
        assertEquals(plain + " is not a model jar: it has no " + Models.SERVICE
                + " (write one with locus compile FILE --target jvm -o plain.jar)",
            assertThrows(LocusException.class, () -> Models.load(plain)).getMessage());
        final Path missing = dir.resolve("missing.jar");
        assertEquals(missing + ": no such file", assertThrows(LocusException.class, () -> Models.load(missing)).getMessage());
        assertEquals(dir + " is a folder, not a model jar",
            assertThrows(LocusException.class, () -> Models.load(dir)).getMessage());
        final Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertTrue(assertThrows(LocusException.class, () -> Models.load(text)).getMessage()
            .startsWith(text + ": cannot read it as a jar: "));
        final Path wrong = jar("wrong.jar", "java.lang.String\n");
        assertEquals(wrong + " lists java.lang.String, which is not a " + CompiledModel.class.getName(),
            assertThrows(LocusException.class, () -> Models.load(wrong)).getMessage());
        final Path absent = jar("absent.jar", "com.example.Absent\n");
        assertTrue(assertThrows(LocusException.class, () -> Models.load(absent)).getMessage()
            .startsWith(absent + " lists com.example.Absent but its class cannot be loaded: "));
        final Path empty = jar("empty.jar", "\n");
        assertEquals(empty + " lists no network in " + Models.SERVICE,
            assertThrows(LocusException.class, () -> Models.load(empty)).getMessage());
    }
}
