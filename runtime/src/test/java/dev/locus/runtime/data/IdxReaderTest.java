package dev.locus.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Good and bad IDX files, written into a temporary folder by each test. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] pixels(final int n) {
        final byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 37 + 11);
        }
        return data;
    }

    private DataFileException refused(final String file, final byte[] content, final String noun) throws IOException {
        final Path path = IdxWriter.write(dir.resolve(file), content);
        final DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(path, noun));
        assertTrue(e.getMessage().startsWith(path + ": "), "message must start with the file: " + e.getMessage());
        return e;
    }

    @Test
    void readsRawAndGzippedFilesByContentNotName() throws IOException {
        final byte[] idx = IdxWriter.idx(new int[] {3, 4, 5}, pixels(60));
        final Path gzNamedRaw = IdxWriter.write(dir.resolve("images"), IdxWriter.gzip(idx));
        final Path rawNamedGz = IdxWriter.write(dir.resolve("images.gz"), idx);
        for (final Path p : new Path[] {gzNamedRaw, rawNamedGz}) {
            final IdxFile f = IdxReader.read(p, "images");
            assertArrayEquals(new int[] {3, 4, 5}, f.dims());
            assertArrayEquals(pixels(60), f.data());
            assertEquals(3, f.count());
        }
    }

    @Test
    void truncatedDataIsReportedWithHeaderAndFileSizes() throws IOException {
        final byte[] idx = Arrays.copyOf(IdxWriter.idx(new int[] {60000, 28, 28}, new byte[0]), 16 + 1200);
        final DataFileException raw = refused("train-images-idx3-ubyte", idx, "images");
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": truncated: header says 60000 images of 28x28"
            + " (47040000 bytes), file has 1200 bytes of data after the 16-byte header", raw.getMessage());
        final DataFileException gz = refused("train-images-idx3-ubyte.gz", IdxWriter.gzip(idx), "images");
        assertTrue(gz.getMessage().contains("truncated: header says 60000 images of 28x28 (47040000 bytes), file has 1200"),
            gz.getMessage());
    }

    @Test
    void wrongMagicIsRefused() throws IOException {
        final DataFileException e = refused("notes.txt", "hello, world".getBytes(), "images");
        assertTrue(e.getMessage().contains("not an IDX file: it starts with 0x68 0x65"), e.getMessage());
        assertTrue(refused("tiny", new byte[] {0, 0}, "images").getMessage().contains("too short for an IDX header: 2 bytes"));
    }

    @Test
    void otherDataTypesAreRefusedByName() throws IOException {
        final byte[] idx = IdxWriter.idx(new int[] {2}, new byte[8]);
        idx[2] = 0x0D;
        assertTrue(refused("floats.idx", idx, "labels").getMessage()
            .contains("IDX data type 0x0d (float) is not supported; Locus reads unsigned bytes (0x08)"));
    }

    @Test
    void headersWithoutDimensionsOrCutInsideTheDimensionsAreRefused() throws IOException {
        assertTrue(refused("zero-rank", new byte[] {0, 0, 8, 0}, "images").getMessage()
            .contains("IDX header has 0 dimensions"));
        final byte[] cut = Arrays.copyOf(IdxWriter.idx(new int[] {10, 28, 28}, new byte[0]), 9);
        assertTrue(refused("cut-header", cut, "images").getMessage()
            .contains("truncated header: it declares 3 dimensions (12 bytes) but only 5 bytes follow"));
        final byte[] huge = IdxWriter.idx(new int[] {-1, 28}, new byte[0]);
        assertTrue(refused("huge", huge, "images").getMessage().contains("dimension 1 is 4294967295, too large"));
        final byte[] big = IdxWriter.idx(new int[] {100000, 1000, 1000}, new byte[0]);
        assertTrue(refused("big", big, "images").getMessage().contains("too large to load"));
    }

    @Test
    void bytesAfterTheDataAreRefused() throws IOException {
        final byte[] idx = IdxWriter.idx(new int[] {5}, pixels(9));
        assertTrue(refused("labels-idx1-ubyte", idx, "labels").getMessage()
            .contains("header says 5 labels (5 bytes), but more bytes follow the data"));
    }

    @Test
    void corruptAndTruncatedGzipStreamsAreRefused() throws IOException {
        final byte[] gz = IdxWriter.gzip(IdxWriter.idx(new int[] {50, 28, 28}, pixels(50 * 784)));
        final byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertTrue(refused("cut.gz", cut, "images").getMessage().contains("truncated gzip stream"));
        final byte[] scrambled = gz.clone();
        for (int i = 20; i < 60; i++) {
            scrambled[i] = (byte) 0xFF;
        }
        assertTrue(refused("scrambled.gz", scrambled, "images").getMessage().contains("gzip"));
        final byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 0x55; // inside the CRC-32 of the gzip trailer
        assertTrue(refused("bad-crc.gz", badCrc, "images").getMessage().contains("corrupt gzip stream"));
        final byte[] badHeader = Arrays.copyOf(gz, 5);
        assertTrue(refused("bad-header.gz", badHeader, "images").getMessage().contains("gzip"));
    }

    @Test
    void aMissingFileIsNamed() {
        final Path missing = dir.resolve("nope.gz");
        assertEquals(missing + ": no such file",
            assertThrows(DataFileException.class, () -> IdxReader.read(missing, "images")).getMessage());
    }

    @Test
    void anyDamageGivesEitherTheDataOrADataFileException() throws IOException {
        final byte[] idx = IdxWriter.idx(new int[] {4, 6, 6}, pixels(4 * 36));
        final byte[] gz = IdxWriter.gzip(idx);
        final Path file = dir.resolve("damaged");
        qt().withExamples(400).forAll(integers().between(0, 1), integers().between(0, 10_000), integers().between(0, 255),
            integers().between(0, 2)).checkAssert((gzipped, where, value, mode) -> {
                final byte[] good = gzipped == 1 ? gz : idx;
                final byte[] bad;
                if (mode == 0) {
                    bad = Arrays.copyOf(good, where % good.length);
                } else if (mode == 1) {
                    bad = good.clone();
                    bad[where % good.length] = (byte) (int) value;
                } else {
                    bad = Arrays.copyOf(good, good.length + 1 + where % 7);
                }
                try {
                    Files.write(file, bad);
                    final IdxFile read = IdxReader.read(file, "images");
                    assertEquals(read.data().length, Arrays.stream(read.dims()).reduce(1, (a, b) -> a * b));
                } catch (final DataFileException expected) {
                    assertTrue(expected.getMessage().startsWith(file + ": "));
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
            });
    }
}
