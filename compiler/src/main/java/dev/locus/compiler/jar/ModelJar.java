package dev.locus.compiler.jar;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a jar atomically: into a temporary file beside the destination, then renamed over it, so
 * that a reader never sees half a jar and a failed compile leaves an older jar as it was. Every
 * entry gets the same fixed time, so that the same program compiles to the same bytes.
 */
final class ModelJar {
    /** The earliest time a zip entry can hold (1980); any fixed time would do. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    /** One file of the jar, by its path inside it ({@code com/example/Net.class}). */
    record Entry(String name, byte[] bytes) {
    }

    private ModelJar() {
    }

    /**
     * Writes {@code manifest} and {@code entries} (each folder they lie in gets its entry first) to {@code jar}.
     *
     * @throws LocusException when {@code jar} cannot be written, with a plain message naming it
     */
    static void write(final Path jar, final Manifest manifest, final List<Entry> entries) {
        final Path absolute = jar.toAbsolutePath();
        final Path folder = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new LocusException(jar + " is a folder; name the jar to write, such as " + jar.resolve("model.jar"));
        }
        if (!Files.isDirectory(folder)) {
            throw new LocusException("cannot write " + jar + ": " + (Files.exists(folder) ? "" + folder
                + " is not a folder" : "the folder " + folder + " does not exist"));
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary);
                 JarOutputStream zip = new JarOutputStream(out)) {
                zip.putNextEntry(entry("META-INF/"));
                zip.putNextEntry(entry(JarFile.MANIFEST_NAME));
                manifest.write(zip);
                final Set<String> folders = new LinkedHashSet<>(List.of("META-INF/"));
                for (final Entry e : entries) {
                    for (int slash = e.name().indexOf('/'); slash >= 0; slash = e.name().indexOf('/', slash + 1)) {
                        final String parent = e.name().substring(0, slash + 1);
                        if (folders.add(parent)) {
                            zip.putNextEntry(entry(parent));
                        }
                    }
                    zip.putNextEntry(entry(e.name()));
                    zip.write(e.bytes());
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (final IOException e) {
            throw new LocusException("cannot write " + jar + ": " + reason(e), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (final IOException ignored) {
                    // The temporary file is hidden and named after the jar; failing to remove it hides no result.
                }
            }
        }
    }

    private static JarEntry entry(final String name) {
        final JarEntry entry = new JarEntry(name);
        entry.setTimeLocal(FIXED_TIME);
        return entry;
    }

    /** The cause in words: the JDK's file exceptions carry only the path as their message. */
    private static String reason(final IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
