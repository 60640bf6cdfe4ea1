package dev.locus.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format: records of 1 label byte then 3072 pixel bytes (1024 red,
 * 1024 green, 1024 blue, each 32x32 row-major), so a sample is [3, 32, 32] as stored.
 */
public final class Cifar10Reader {
    public static final int CLASSES = 10;
    private static final int PIXELS = 3 * 32 * 32;
    private static final int RECORD = 1 + PIXELS;

    private Cifar10Reader() {
    }

    /** Reads the given batch files, in order, as one set. */
    public static LabeledImages read(final List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR-10 batch files given");
        }
        final byte[][] contents = new byte[files.size()][];
        long records = 0;
        for (int f = 0; f < files.size(); f++) {
            contents[f] = readBatch(files.get(f));
            records += contents[f].length / RECORD;
        }
        if (records * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataFileException(files.get(0).toString(), "these batches hold " + records
                + " images, too many to load at once");
        }
        final byte[] pixels = new byte[(int) records * PIXELS];
        final int[] labels = new int[(int) records];
        int at = 0;
        for (int f = 0; f < files.size(); f++) {
            final byte[] batch = contents[f];
            for (int r = 0; r < batch.length / RECORD; r++) {
                final int label = batch[r * RECORD] & 0xFF;
                if (label >= CLASSES) {
                    throw new DataFileException(files.get(f).toString(), "record " + r + " (byte offset "
                        + (long) r * RECORD + ") has label " + label + "; CIFAR-10 labels are 0..9");
                }
                labels[at] = label;
                System.arraycopy(batch, r * RECORD + 1, pixels, at * PIXELS, PIXELS);
                at++;
            }
        }
        final String source = files.size() == 1 ? files.get(0).toString()
            : files.get(0).getParent() + " (" + files.size() + " batch files)";
        return new LabeledImages(source, new int[] {3, 32, 32}, pixels, labels);
    }

    private static byte[] readBatch(final Path file) {
        final String name = file.toString();
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw new DataFileException(name, "no such file");
        } catch (final IOException e) {
            throw new DataFileException(name, "cannot read: " + e.getMessage(), e);
        } catch (final OutOfMemoryError e) {
            throw new DataFileException(name, "too large to load", e);
        }
        if (bytes.length == 0) {
            throw new DataFileException(name, "is empty; a CIFAR-10 batch holds records of 3073 bytes");
        }
        if (bytes.length % RECORD != 0) {
            throw new DataFileException(name, "truncated or not a CIFAR-10 binary batch: " + bytes.length
                + " bytes is not a whole number of 3073-byte records (1 label + 3072 pixels); "
                + bytes.length / RECORD + " whole records and " + bytes.length % RECORD + " bytes left over");
        }
        return bytes;
    }
}
