package dev.locus.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes unsigned-byte IDX files (raw or gzipped), for the sample and for the tests' bad files. */
final class IdxWriter {
    private IdxWriter() {
    }

    /** The bytes of an IDX file with the given dimensions (count first) and data. */
    static byte[] idx(final int[] dims, final byte[] data) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(0x08);
        out.write(dims.length);
        for (final int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.write(data, 0, data.length);
        return out.toByteArray();
    }

    /** {@code bytes} gzipped. Java writes a zero modification time, so the output is reproducible. */
    static byte[] gzip(final byte[] bytes) {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer.toByteArray();
    }

    static Path write(final Path file, final byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
        return file;
    }
}
