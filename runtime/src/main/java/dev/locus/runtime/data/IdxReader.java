package dev.locus.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzipped. Gzip is recognised
 * by its magic bytes, not by the file name, because renamed and re-compressed copies of these
 * files are common. Only unsigned-byte data (type 0x08) is accepted: it is what every image and
 * label set in this format uses, and Locus scales it to [0, 1] itself.
 *
 * <p>The header is read first and the data array is allocated from it, so a file whose size
 * disagrees with its header is reported with both numbers instead of failing somewhere later.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int BUFFER = 1 << 16;
    /** The largest array a JVM reliably allocates. */
    private static final int DIRECT_LIMIT = 1 << 28;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * Reads {@code path}; {@code noun} names its items in messages ("images", "labels").
     *
     * @throws DataFileException if the file is missing, unreadable, corrupt or inconsistent
     */
    public static IdxFile read(final Path path, final String noun) {
        final String name = path.toString();
        try (InputStream in = Files.newInputStream(path)) {
            return read(name, in, noun);
        } catch (final NoSuchFileException e) {
            throw new DataFileException(name, "no such file");
        } catch (final IOException e) {
            throw new DataFileException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads an IDX file from {@code stream}, which this method does not close. */
    public static IdxFile read(final String name, final InputStream stream, final String noun) throws IOException {
        final InputStream in = maybeGunzip(name, new BufferedInputStream(stream, BUFFER));
        try {
            return readIdx(name, in, noun);
        } catch (final ZipException e) {
            throw new DataFileException(name, "corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (final EOFException e) {
            // Only the inflater throws EOFException here: plain reads report short counts instead.
            throw new DataFileException(name, "truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static InputStream maybeGunzip(final String name, final BufferedInputStream in) throws IOException {
        in.mark(2);
        final int b0 = in.read();
        final int b1 = in.read();
        in.reset();
        if (b0 != 0x1F || b1 != 0x8B) {
            return in;
        }
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (final ZipException | EOFException e) {
            throw new DataFileException(name, "corrupt gzip header (" + e.getMessage() + ")", e);
        }
    }

    private static IdxFile readIdx(final String name, final InputStream in, final String noun) throws IOException {
        final byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataFileException(name, "too short for an IDX header: " + magic.length + " bytes");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFileException(name, String.format(
                "not an IDX file: it starts with 0x%02x 0x%02x, an IDX file starts with two zero bytes",
                magic[0] & 0xFF, magic[1] & 0xFF));
        }
        final int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DataFileException(name, String.format(
                "IDX data type 0x%02x (%s) is not supported; Locus reads unsigned bytes (0x08)", type, typeName(type)));
        }
        final int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new DataFileException(name, "IDX header has 0 dimensions");
        }
        final byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new DataFileException(name, "truncated header: it declares " + rank
                + " dimensions (" + 4 * rank + " bytes) but only " + dimBytes.length + " bytes follow");
        }
        final int[] dims = new int[rank];
        long size = 1;
        for (int d = 0; d < rank; d++) {
            final int i = 4 * d;
            dims[d] = ((dimBytes[i] & 0xFF) << 24) | ((dimBytes[i + 1] & 0xFF) << 16)
                | ((dimBytes[i + 2] & 0xFF) << 8) | (dimBytes[i + 3] & 0xFF);
            if (dims[d] < 0) {
                throw new DataFileException(name, "dimension " + (d + 1) + " is "
                    + Integer.toUnsignedString(dims[d]) + ", too large");
            }
            size *= dims[d];
            if (size > MAX_BYTES) {
                throw new DataFileException(name, "header says " + describe(dims, noun) + ", more than "
                    + MAX_BYTES + " bytes: too large to load");
            }
        }
        final byte[] data = readData(in, (int) size);
        if (data.length < size) {
            throw new DataFileException(name, "truncated: header says " + describe(dims, noun) + " (" + size
                + " bytes), file has " + data.length + " bytes of data after the " + (4 + 4 * rank) + "-byte header");
        }
        final long extra = in.skip(Long.MAX_VALUE) + (in.read() < 0 ? 0 : 1);
        if (extra > 0) {
            throw new DataFileException(name, "header says " + describe(dims, noun) + " (" + size
                + " bytes), but more bytes follow the data: not the file its header describes");
        }
        return new IdxFile(name, dims, data);
    }

    /**
     * Reads up to {@code size} bytes. Sizes up to {@link #DIRECT_LIMIT} get their array at once
     * (the fast path for real data sets); larger ones grow as bytes arrive, so a damaged header
     * claiming gigabytes cannot make a short file allocate them.
     */
    private static byte[] readData(final InputStream in, final int size) throws IOException {
        if (size > DIRECT_LIMIT) {
            return in.readNBytes(size);
        }
        final byte[] data = new byte[size];
        final int got = in.readNBytes(data, 0, size);
        return got == size ? data : Arrays.copyOf(data, got);
    }

    private static String describe(final int[] dims, final String noun) {
        final String count = Integer.toUnsignedString(dims[0]) + " " + noun;
        if (dims.length == 1) {
            return count;
        }
        final int[] item = new int[dims.length - 1];
        System.arraycopy(dims, 1, item, 0, item.length);
        return count + " of " + IdxFile.format(item);
    }

    private static String typeName(final int type) {
        switch (type) {
            case 0x09: return "signed byte";
            case 0x0B: return "short";
            case 0x0C: return "int";
            case 0x0D: return "float";
            case 0x0E: return "double";
            default: return "unknown";
        }
    }
}
