package dev.locus.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
    @TempDir
    Path dir;

    private static List<NamedTensor> parameters(final float scale) {
        final float[] w = new float[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * (i - 2.5f);
        }
        return List.of(new NamedTensor("fc1.weight", new int[] {2, 3}, w),
            new NamedTensor("fc1.bias", new int[] {2}, new float[] {scale, -scale}),
            new NamedTensor("out.weight", new int[] {1, 2}, new float[] {Float.MIN_VALUE, -0f}));
    }

    private Path written() {
        final Path file = dir.resolve("model.ckpt");
        CheckpointFile.write(file, new Checkpoint("TinyNet", 3, parameters(0.5f)));
        return file;
    }

    @Test
    void roundTripsEveryBitOfEveryParameter() {
        final Checkpoint back = CheckpointFile.read(written());
        assertEquals("TinyNet", back.network());
        assertEquals(3, back.epoch());
        final List<NamedTensor> original = parameters(0.5f);
        assertEquals(original.size(), back.tensors().size());
        for (int i = 0; i < original.size(); i++) {
            assertEquals(original.get(i).name(), back.tensors().get(i).name());
            assertArrayEquals(original.get(i).shape(), back.tensors().get(i).shape());
            final float[] a = original.get(i).values();
            final float[] b = back.tensors().get(i).values();
            for (int j = 0; j < a.length; j++) {
                assertEquals(Float.floatToRawIntBits(a[j]), Float.floatToRawIntBits(b[j]));
            }
        }
    }

    @Test
    void restoreCopiesIntoTheModelsArrays() {
        final List<NamedTensor> live = parameters(7f);
        CheckpointFile.restore(written(), "TinyNet", live);
        assertArrayEquals(parameters(0.5f).get(0).values(), live.get(0).values());
        assertArrayEquals(parameters(0.5f).get(1).values(), live.get(1).values());
    }

    @Test
    void everyTruncationIsRefusedAsTruncatedOrNotACheckpoint() throws IOException {
        final byte[] good = Files.readAllBytes(written());
        final Path cut = dir.resolve("cut.ckpt");
        for (int length = 0; length < good.length; length++) {
            Files.write(cut, Arrays.copyOf(good, length));
            final CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(cut));
            assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
            final int headerEnd = good.length - 4 - 4 * (6 + 2 + 2); // before the values and the CRC
            if (length >= headerEnd) { // the whole header is there: the size it describes is known
                assertEquals(cut + ": truncated: its header describes " + good.length + " bytes, the file has " + length,
                    e.getMessage());
            }
        }
    }

    @Test
    void everyFlippedBitIsRefused() throws IOException {
        final byte[] good = Files.readAllBytes(written());
        final Path bad = dir.resolve("bad.ckpt");
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                final byte[] damaged = good.clone();
                damaged[i] ^= (byte) (1 << bit);
                Files.write(bad, damaged);
                final CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(bad),
                    "byte " + i + " bit " + bit);
                assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
            }
        }
        final byte[] damaged = good.clone();
        damaged[good.length - 10] ^= 1;
        Files.write(bad, damaged);
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointFile.read(bad)).getMessage()
            .contains("corrupted: checksum mismatch"));
    }

    @Test
    void otherFilesAndOtherVersionsAreRefusedByName() throws IOException {
        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a checkpoint at all");
        assertEquals(text + ": not a Locus checkpoint (it does not start with \"LOCUSCKP\")",
            assertThrows(CheckpointException.class, () -> CheckpointFile.read(text)).getMessage());
        final byte[] future = Files.readAllBytes(written());
        ByteBuffer.wrap(future).putInt(8, 2);
        final CRC32 crc = new CRC32();
        crc.update(future, 0, future.length - 4);
        ByteBuffer.wrap(future).putInt(future.length - 4, (int) crc.getValue());
        final Path v2 = dir.resolve("v2.ckpt");
        Files.write(v2, future);
        assertEquals(v2 + ": checkpoint format version 2; this Locus reads version 1",
            assertThrows(CheckpointException.class, () -> CheckpointFile.read(v2)).getMessage());
        final Path missing = dir.resolve("missing.ckpt");
        assertEquals(missing + ": no such file",
            assertThrows(CheckpointException.class, () -> CheckpointFile.read(missing)).getMessage());
    }

    @Test
    void checkpointsOfAnotherNetworkOrShapeAreRefused() {
        final Path file = written();
        assertEquals(file + ": is a checkpoint of network `TinyNet`, not `OtherNet`", assertThrows(
            CheckpointException.class, () -> CheckpointFile.restore(file, "OtherNet", parameters(1f))).getMessage());
        final List<NamedTensor> wider = List.of(new NamedTensor("fc1.weight", new int[] {3, 2}, new float[6]),
            parameters(1f).get(1), parameters(1f).get(2));
        assertEquals(file + ": parameter `fc1.weight` has shape [2, 3] in the checkpoint but [3, 2] in network `TinyNet`",
            assertThrows(CheckpointException.class, () -> CheckpointFile.restore(file, "TinyNet", wider)).getMessage());
        final List<NamedTensor> more = Stream.concat(parameters(1f).stream(),
            Stream.of(new NamedTensor("out.bias", new int[] {1}, new float[1]))).toList();
        assertEquals(file + ": has no parameter `out.bias`, which network `TinyNet` needs",
            assertThrows(CheckpointException.class, () -> CheckpointFile.restore(file, "TinyNet", more)).getMessage());
        final List<NamedTensor> fewer = parameters(1f).subList(0, 2);
        assertEquals(file + ": has a parameter `out.weight` that network `TinyNet` does not have",
            assertThrows(CheckpointException.class, () -> CheckpointFile.restore(file, "TinyNet", fewer)).getMessage());
        final float[] untouched = parameters(1f).get(0).values();
        assertArrayEquals(untouched, fewer.get(0).values(), "a refused restore changes nothing");
    }

    @Test
    void writesReplaceAtomicallyAndLeaveNoTemporaryFiles() throws IOException {
        final Path file = written();
        CheckpointFile.write(file, new Checkpoint("TinyNet", 4, parameters(2f)));
        assertEquals(4, CheckpointFile.read(file).epoch());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        final Path folderInTheWay = dir.resolve("taken");
        Files.createDirectories(folderInTheWay.resolve("child"));
        final LocusException e = assertThrows(LocusException.class,
            () -> CheckpointFile.write(folderInTheWay, new Checkpoint("TinyNet", 1, parameters(1f))));
        assertTrue(e.getMessage().startsWith(folderInTheWay + ": cannot write the checkpoint"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "the failed write left no temporary file");
        }
    }

    private static String refusal(final Path file) {
        return assertThrows(CheckpointException.class, () -> CheckpointFile.checkWritable(file)).getMessage();
    }

    @Test
    void aPlaceWhereNoCheckpointCanBeWrittenIsRefusedBeforeTraining() throws IOException {
        final Path folder = Files.createDirectories(dir.resolve("runs"));
        assertEquals(folder + ": is a folder, not a file", refusal(folder));
        final Path missing = dir.resolve("no-such").resolve("deeper").resolve("run.ckpt");
        assertEquals(missing + ": the folder " + missing.getParent() + " does not exist", refusal(missing));
        // A regular file where a folder should be fails even for root, unlike a read-only folder.
        final Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertEquals(file.resolve("run.ckpt") + ": " + file + " is a file, not a folder",
            refusal(file.resolve("run.ckpt")));
        assertEquals(file.resolve("sub").resolve("run.ckpt") + ": " + file + " is a file, not a folder",
            refusal(file.resolve("sub").resolve("run.ckpt")));
        assertEquals(file + ": exists and is not a Locus checkpoint; it is left as it is", refusal(file));
        assertEquals("keep me", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "checking created nothing: " + dir);
        }
    }

    @Test
    void aNewFileAnEmptyFileAndAnEarlierCheckpointMayBeWritten() throws IOException {
        CheckpointFile.checkWritable(dir.resolve("new.ckpt"));
        CheckpointFile.checkWritable(Files.createFile(dir.resolve("empty.ckpt")));
        CheckpointFile.checkWritable(written());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("empty.ckpt", "model.ckpt"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                "the probe left no file behind");
        }
    }

    @Test
    void aReadOnlyFolderIsRefused() throws IOException {
        final Path folder = Files.createDirectories(dir.resolve("locked"));
        assertTrue(folder.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(folder),
                "a read-only folder is writable for this user (root): see the test with a file in the way");
            assertEquals(folder.resolve("run.ckpt") + ": cannot create files in " + folder + " (permission denied)",
                refusal(folder.resolve("run.ckpt")));
        } finally {
            folder.toFile().setWritable(true, false);
        }
    }
}
