package dev.locus.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    private static byte[] batch(final int records, final int firstLabel) {
        final byte[] bytes = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            bytes[r * 3073] = (byte) ((firstLabel + r) % 10);
            for (int p = 0; p < 3072; p++) {
                bytes[r * 3073 + 1 + p] = (byte) (p + r);
            }
        }
        return bytes;
    }

    private void writeSet(final Path folder, final int records) throws IOException {
        Files.createDirectories(folder);
        for (int b = 1; b <= 5; b++) {
            Files.write(folder.resolve("data_batch_" + b + ".bin"), batch(records, b));
        }
        Files.write(folder.resolve("test_batch.bin"), batch(records, 0));
    }

    @Test
    void readsRecordsAsThreeChannelImagesInOrder() throws IOException {
        writeSet(dir.resolve("cifar-10-batches-bin"), 3);
        final DataSet set = DataLoader.load(new DataSource.Named("cifar10"),
            new DataSearchPath(Optional.of(dir), Optional.empty(), dir, dir), Path.of("."), s -> { });
        assertArrayEquals(new int[] {3, 32, 32}, set.sampleShape());
        assertEquals(15, set.train().count());
        assertEquals(3, set.test().count());
        assertArrayEquals(new int[] {1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7}, set.train().labels());
        final LabeledImages one = Cifar10Reader.read(List.of(dir.resolve("cifar-10-batches-bin").resolve("test_batch.bin")));
        assertEquals(5, one.pixels()[3072 + 4]); // record 1, pixel 4: (4 + 1)
    }

    @Test
    void truncatedEmptyAndBadLabelBatchesAreRefused() throws IOException {
        final Path cut = dir.resolve("data_batch_1.bin");
        Files.write(cut, java.util.Arrays.copyOf(batch(2, 0), 3073 + 100));
        assertEquals(cut + ": truncated or not a CIFAR-10 binary batch: 3173 bytes is not a whole number of 3073-byte"
                + " records (1 label + 3072 pixels); 1 whole records and 100 bytes left over",
            assertThrows(DataFileException.class, () -> Cifar10Reader.read(List.of(cut))).getMessage());
        final Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(DataFileException.class, () -> Cifar10Reader.read(List.of(empty))).getMessage()
            .startsWith(empty + ": is empty"));
        final Path badLabel = dir.resolve("bad.bin");
        final byte[] bytes = batch(3, 0);
        bytes[2 * 3073] = (byte) 200;
        Files.write(badLabel, bytes);
        assertEquals(badLabel + ": record 2 (byte offset 6146) has label 200; CIFAR-10 labels are 0..9",
            assertThrows(DataFileException.class, () -> Cifar10Reader.read(List.of(badLabel))).getMessage());
    }

    @Test
    void theSetHasCifarsTenClassesWhateverLabelsTheFilesUse() throws IOException {
        writeSet(dir.resolve("cifar10"), 2);
        final List<String> notices = new ArrayList<>();
        final DataSet set = DataLoader.load(new DataSource.Named("cifar10"),
            new DataSearchPath(Optional.empty(), Optional.of(dir), dir, dir), Path.of("."), notices::add);
        assertEquals(6, java.util.Arrays.stream(set.train().labels()).max().getAsInt());
        assertEquals(10, set.classes());
        assertEquals(List.of("data cifar10 from " + dir.resolve("cifar10")), notices);
    }
}
