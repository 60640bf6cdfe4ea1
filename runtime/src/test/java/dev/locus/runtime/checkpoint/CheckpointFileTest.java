package dev.locus.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
    private static final Provenance FROM = new Provenance("TinyNet", "local_error", "ab".repeat(32), "0.1.0", "interp",
        0.2860402f, 0.3530239f);

    @TempDir
    Path dir;

    private static List<CheckpointTensor> tensors(final float scale) {
        final float[] w = new float[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * (i - 2.5f);
        }
        return List.of(new NamedTensor("fc1.weight", new int[] {2, 3}, w),
            new NamedTensor("fc1.bias", new int[] {2}, new float[] {scale, -scale}),
            new NamedTensor("out.weight", new int[] {1, 2}, new float[] {Float.MIN_VALUE, -0f}),
            new NamedDoubles("out.running_mean", new int[] {3}, new double[] {Math.PI * scale, Double.MIN_VALUE, -0.0}),
            new NamedTensor("out.weight.adam_step", new int[] {2}, new float[] {1f, 17f}),
            new NamedTensor("empty", new int[] {0, 4}, new float[0]));
    }

    private Path written() {
        return written(dir.resolve("model.safetensors"), new TrainingPosition(3, 0), 0.5f);
    }

    private static Path written(final Path file, final TrainingPosition at, final float scale) {
        CheckpointFile.write(file, new Checkpoint(FROM, at, tensors(scale)));
        return file;
    }

    private static String refused(final Path file) {
        return assertThrows(CheckpointException.class, () -> CheckpointFile.read(file)).getMessage();
    }

    /** A file of an 8-byte length, this header and these data bytes, with no checksum of ours. */
    private Path crafted(final String header, final byte[] data) throws IOException {
        final byte[] json = header.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        return Files.write(dir.resolve("crafted.safetensors"), out.array());
    }

    @Test
    void roundTripsEveryBitOfEveryTensorAndTheMetadata() {
        final Checkpoint back = CheckpointFile.read(written());
        assertEquals(FROM, back.provenance());
        assertEquals(new TrainingPosition(3, 0), back.position());
        final List<CheckpointTensor> original = tensors(0.5f);
        assertEquals(original.size(), back.tensors().size());
        for (final CheckpointTensor t : original) {
            final CheckpointTensor b = back.tensor(t.name());
            assertEquals(t.dtype(), b.dtype(), t.name());
            assertArrayEquals(t.shape(), b.shape(), t.name());
            if (t instanceof NamedTensor f) {
                final float[] got = ((NamedTensor) b).values();
                for (int j = 0; j < got.length; j++) {
                    assertEquals(Float.floatToRawIntBits(f.values()[j]), Float.floatToRawIntBits(got[j]), t.name());
                }
            } else {
                final double[] got = ((NamedDoubles) b).values();
                for (int j = 0; j < got.length; j++) {
                    assertEquals(Double.doubleToRawLongBits(((NamedDoubles) t).values()[j]),
                        Double.doubleToRawLongBits(got[j]), t.name());
                }
            }
        }
    }

    @Test
    void theFileIsSafetensorsLaidOutAsItsWriterLaysItOut() throws IOException {
        final byte[] bytes = Files.readAllBytes(written());
        final long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "the data starts on a multiple of 8 bytes");
        final String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        final String checksum = header.substring(header.indexOf("\"locus.sha256\":\"") + 16).substring(0, 64);
        assertEquals("{\"__metadata__\":{\"locus.format\":\"1\",\"locus.version\":\"0.1.0\","
            + "\"locus.network\":\"TinyNet\",\"locus.rule\":\"local_error\",\"locus.backend\":\"interp\","
            + "\"locus.program_sha256\":\"" + "ab".repeat(32) + "\",\"locus.input_mean\":\"0.2860402\","
            + "\"locus.input_std\":\"0.3530239\",\"locus.epoch\":\"3\",\"locus.batch\":\"0\","
            + "\"locus.sha256\":\"" + checksum + "\"},"
            + "\"out.running_mean\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]},"
            + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[24,24]},"
            + "\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
            + "\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[32,56]},"
            + "\"out.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[56,64]},"
            + "\"out.weight.adam_step\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[64,72]}}",
            header.stripTrailing());
        assertEquals(8 + n + 72, bytes.length);
        final ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 72).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Math.PI * 0.5, data.getDouble(), 0.0);
        data.position((int) (8 + n) + 24);
        assertEquals(0.5f, data.getFloat(), 0f, "fc1.bias, little-endian");
    }

    @Test
    void restoreCopiesIntoTheModelsArraysConvertingBetweenF32AndF64() {
        final List<CheckpointTensor> live = new ArrayList<>(tensors(7f));
        final double[] asDoubles = new double[6];
        live.set(0, new NamedDoubles("fc1.weight", new int[] {2, 3}, asDoubles));
        final float[] asFloats = new float[3];
        live.set(3, new NamedTensor("out.running_mean", new int[] {3}, asFloats));
        CheckpointFile.restore(written(), "TinyNet", live);
        final float[] w = ((NamedTensor) tensors(0.5f).get(0)).values();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], asDoubles[i], 0.0, "widened exactly");
        }
        assertArrayEquals(new float[] {(float) (Math.PI * 0.5), 0f, -0f}, asFloats, "rounded to nearest");
        assertArrayEquals(((NamedTensor) tensors(0.5f).get(1)).values(), ((NamedTensor) live.get(1)).values());
    }

    @Test
    void everyTruncationIsRefusedAsTruncated() throws IOException {
        final byte[] good = Files.readAllBytes(written());
        final long n = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        final Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < good.length; length++) {
            Files.write(cut, Arrays.copyOf(good, length));
            final String message = refused(cut);
            if (length == 0) {
                assertEquals(cut + ": is empty, not a checkpoint", message);
            } else if (length < 8) {
                assertEquals(cut + ": is " + length + " bytes long, too short to be a checkpoint", message);
            } else if (length == 8) {
                assertEquals(cut + ": is not a checkpoint (safetensors): its first 8 bytes give a header length of "
                    + n + " bytes, and no JSON header follows them", message);
            } else if (length < 8 + n) {
                assertEquals(cut + ": is truncated: its header is " + n + " bytes long but the file ends "
                    + (length - 8) + " bytes after the header length", message);
            } else {
                assertTrue(message.startsWith(cut + ": is truncated, or its header points outside the file: tensor `"),
                    message);
            }
        }
    }

    @Test
    void everyFlippedBitIsRefused() throws IOException {
        final byte[] good = Files.readAllBytes(written());
        final Path bad = dir.resolve("bad.safetensors");
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                final byte[] damaged = good.clone();
                damaged[i] ^= (byte) (1 << bit);
                Files.write(bad, damaged);
                assertTrue(refused(bad).startsWith(bad + ": "), "byte " + i + " bit " + bit);
            }
        }
        final byte[] damaged = good.clone();
        damaged[good.length - 10] ^= 1;
        Files.write(bad, damaged);
        assertTrue(refused(bad).startsWith(bad + ": is corrupted: its SHA-256 checksum does not match (stored "),
            refused(bad));
        final byte[] epoch = good.clone();
        final int at = new String(good, StandardCharsets.ISO_8859_1).indexOf("\"locus.epoch\":\"3\"") + 15;
        epoch[at] = '2';
        Files.write(bad, epoch);
        assertTrue(refused(bad).startsWith(bad + ": is corrupted: its SHA-256 checksum does not match"),
            "the checksum covers the header too: " + refused(bad));
    }

    @Test
    void filesThatAreNotCheckpointsAreRefusedSayingWhy() throws IOException {
        final Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a checkpoint at all");
        assertEquals(text + ": is not a checkpoint (safetensors): its first 8 bytes give a header length of "
            + "2338328219631577204 bytes, and no JSON header follows them", refused(text));
        final byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(200L << 20).put((byte) '{');
        final Path big = Files.write(dir.resolve("big.safetensors"), huge);
        assertEquals(big + ": is not a checkpoint (safetensors): its first 8 bytes give a header length of "
            + (200L << 20) + " bytes, outside 2 to " + (100L << 20), refused(big));
        final Path json = crafted("{\"a\": [1, 2,}", new byte[0]);
        assertEquals(json + ": is not a checkpoint: its header is not valid JSON: unexpected character '}' "
            + "(character 13)", refused(json));
        final Path deep = crafted("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}", new byte[0]);
        assertEquals(deep + ": is not a checkpoint: its header is not valid JSON: nested more than 16 levels deep "
            + "(character 22)", refused(deep));
        final Path plain = crafted("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertEquals(plain + ": is not a Locus checkpoint: its header has no __metadata__ object (a safetensors file "
            + "written by another program?)", refused(plain));
        final Path ints = crafted("{\"__metadata__\":{},\"w\":{\"dtype\":\"I64\",\"shape\":[1],"
            + "\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals(ints + ": tensor `w` has dtype I64; a Locus checkpoint holds F32 and F64 tensors only",
            refused(ints));
        final Path outside = crafted("{\"__metadata__\":{},\"w\":{\"dtype\":\"F32\",\"shape\":[1000],"
            + "\"data_offsets\":[0,4000]}}", new byte[8]);
        assertEquals(outside + ": is truncated, or its header points outside the file: tensor `w` ends at byte 4000 "
            + "of the data, which has 8 bytes", refused(outside));
        final Path sizes = crafted("{\"__metadata__\":{},\"w\":{\"dtype\":\"F32\",\"shape\":[3],"
            + "\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals(sizes + ": has a malformed header: tensor `w` of shape [3] and dtype F32 takes 12 bytes, but its "
            + "data_offsets [0, 8] hold 8", refused(sizes));
        final Path noSum = crafted("{\"__metadata__\":{\"locus.network\":\"N\"},\"w\":{\"dtype\":\"F32\","
            + "\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals(noSum + ": is not a Locus checkpoint: its metadata has no `locus.sha256`", refused(noSum));
        final Path missing = dir.resolve("missing.safetensors");
        assertEquals(missing + ": no such file", refused(missing));
    }

    @Test
    void checkpointsOfAnotherNetworkOrProgramAreRefusedNamingTheTensor() {
        final Path file = written();
        assertEquals(file + ": is a checkpoint of network `TinyNet`, not `OtherNet`", assertThrows(
            CheckpointException.class, () -> CheckpointFile.restore(file, "OtherNet", tensors(1f))).getMessage());
        final List<CheckpointTensor> wider = new ArrayList<>(tensors(1f));
        wider.set(0, new NamedTensor("fc1.weight", new int[] {3, 2}, new float[6]));
        assertEquals(file + ": tensor `fc1.weight` has shape [2, 3] in the checkpoint but [3, 2] in network `TinyNet`: "
            + "it is a checkpoint of another program",
            assertThrows(CheckpointException.class, () -> CheckpointFile.restore(file, "TinyNet", wider)).getMessage());
        final List<CheckpointTensor> more = Stream.concat(tensors(1f).stream(),
            Stream.of(new NamedTensor("out.bias", new int[] {1}, new float[1]))).toList();
        assertEquals(file + ": has no tensor `out.bias`, which network `TinyNet` needs: it is a checkpoint of another "
            + "program",
            assertThrows(CheckpointException.class, () -> CheckpointFile.restore(file, "TinyNet", more)).getMessage());
        final List<CheckpointTensor> fewer = tensors(1f).subList(0, 2);
        assertEquals(file + ": has a tensor `empty` that network `TinyNet` does not have: it is a checkpoint of "
            + "another program",
            assertThrows(CheckpointException.class, () -> CheckpointFile.restore(file, "TinyNet", fewer)).getMessage());
        assertArrayEquals(((NamedTensor) tensors(1f).get(0)).values(), ((NamedTensor) fewer.get(0)).values(),
            "a refused restore changes nothing");
    }

    @Test
    void randomBytesTruncationsAndBitFlipsNeverThrowAnythingButACheckpointException() throws IOException {
        final byte[] good = Files.readAllBytes(written());
        final Path file = dir.resolve("fuzz.safetensors");
        qt().withExamples(300).forAll(lists().of(integers().between(-128, 127)).ofSizeBetween(0, 200))
            .checkAssert(bytes -> {
                final byte[] random = new byte[bytes.size()];
                for (int i = 0; i < random.length; i++) {
                    random[i] = bytes.get(i).byteValue();
                }
                assertOnlyCheckpointException(file, random);
                final byte[] prefixed = good.clone();
                System.arraycopy(random, 0, prefixed, 8, Math.min(random.length, prefixed.length - 8));
                if (!Arrays.equals(prefixed, good)) {
                    assertOnlyCheckpointException(file, prefixed);
                }
            });
        qt().withExamples(300).forAll(integers().between(0, good.length - 1)).checkAssert(length ->
            assertOnlyCheckpointException(file, Arrays.copyOf(good, length)));
        qt().withExamples(500).forAll(lists().of(integers().between(0, good.length * 8 - 1)).ofSizeBetween(1, 6))
            .checkAssert(bits -> {
                final byte[] damaged = good.clone();
                for (final int bit : bits) {
                    damaged[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                if (!Arrays.equals(damaged, good)) {
                    assertOnlyCheckpointException(file, damaged);
                }
            });
    }

    private static void assertOnlyCheckpointException(final Path file, final byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            CheckpointFile.read(file);
        } catch (final CheckpointException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            return;
        } catch (final RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("reading " + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 64)))
                + "... threw " + e, e);
        }
        throw new AssertionError("a damaged file was read as a checkpoint");
    }

    @Test
    void writesReplaceAtomicallyAndLeaveNoTemporaryFiles() throws IOException {
        final Path file = written();
        written(file, new TrainingPosition(4, 7), 2f);
        assertEquals(new TrainingPosition(4, 7), CheckpointFile.read(file).position());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        final Path folderInTheWay = dir.resolve("taken");
        Files.createDirectories(folderInTheWay.resolve("child"));
        final LocusException e = assertThrows(LocusException.class,
            () -> written(folderInTheWay, TrainingPosition.START, 1f));
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
            assertEquals(List.of("empty.ckpt", "model.safetensors"), files.map(f -> f.getFileName().toString()).sorted().toList(),
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
