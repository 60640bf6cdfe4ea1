package dev.locus.runtime.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes checkpoint files. Format version 1, all numbers big-endian:
 * <pre>
 *   8 bytes   magic "LOCUSCKP"
 *   u32       format version (1)
 *   u16+UTF-8 network name
 *   u32       epoch
 *   u32       number of tensors T
 *   T times:  u16+UTF-8 name, u8 rank, rank x u32 dimensions
 *   T times:  the tensor's values, IEEE-754 float32, row-major
 *   u32       CRC-32 of every byte before it
 * </pre>
 * A file is written to a temporary file in the same folder, forced to disk, then renamed over
 * the target in one atomic step, so a crash never leaves half a checkpoint under the real name.
 */
public final class CheckpointFile {
    /** The first bytes of every checkpoint. */
    public static final byte[] MAGIC = "LOCUSCKP".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;

    private static final int PREFIX = MAGIC.length + 4;
    private static final int CRC_BYTES = 4;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private CheckpointFile() {
    }

    /**
     * Refuses, before any training, a place where {@link #write} would fail or would destroy
     * something that is not a checkpoint: a folder, a missing folder, a file in the way of a
     * folder, a folder where no file can be created, a special file, or an existing file that is
     * not a Locus checkpoint (a program or a data file given by mistake). An empty file and an
     * earlier checkpoint may be replaced.
     *
     * @throws CheckpointException "FILE: what is wrong"
     */
    public static void checkWritable(final Path file) {
        final String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new CheckpointException(name, "is a folder, not a file");
        }
        if (Files.exists(file)) {
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException(name, "is not a regular file");
            }
            if (!replaceable(file)) {
                throw new CheckpointException(name, "exists and is not a Locus checkpoint; it is left as it is");
            }
        }
        final Path folder = file.toAbsolutePath().getParent();
        final Path shown = file.getParent() == null ? folder : file.getParent();
        if (!Files.isDirectory(folder)) {
            for (Path p = shown; p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new CheckpointException(name, p + " is a file, not a folder");
                }
            }
            throw new CheckpointException(name, "the folder " + shown + " does not exist");
        }
        try {
            Files.delete(Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp"));
        } catch (final AccessDeniedException e) {
            throw new CheckpointException(name, "cannot create files in " + shown + " (permission denied)", e);
        } catch (final FileSystemException e) {
            throw new CheckpointException(name, "cannot create files in " + shown
                + (e.getReason() == null ? "" : " (" + e.getReason() + ")"), e);
        } catch (final IOException e) {
            throw new CheckpointException(name, "cannot create files in " + shown + " (" + e.getMessage() + ")", e);
        }
    }

    /** Whether an existing file may be replaced: it is empty or starts like a checkpoint. */
    private static boolean replaceable(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] head = in.readNBytes(MAGIC.length);
            return head.length == 0 || head.length == MAGIC.length && startsWithMagic(head);
        } catch (final IOException e) {
            throw new CheckpointException(file.toString(), "cannot read it to see whether it is a checkpoint: " + e, e);
        }
    }

    /** Writes {@code checkpoint} to {@code file} atomically, replacing any file of that name. */
    public static void write(final Path file, final Checkpoint checkpoint) {
        final byte[] bytes = encode(file, checkpoint);
        final Path target = file.toAbsolutePath();
        final Path folder = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (final AtomicMoveNotSupportedException e) {
            throw new CheckpointException(file.toString(), "cannot be written atomically: this file system cannot "
                + "rename " + folder + " entries atomically", e);
        } catch (final IOException e) {
            throw new CheckpointException(file.toString(), "cannot write the checkpoint: " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (final IOException ignored) {
                    // The temporary file has a dotted name that no reader picks up; leaving it is harmless.
                }
            }
        }
    }

    private static byte[] encode(final Path file, final Checkpoint checkpoint) {
        final byte[] network = utf8(file, "network name", checkpoint.network());
        long size = PREFIX + 2 + network.length + 4 + 4 + CRC_BYTES;
        final List<byte[]> names = new ArrayList<>();
        for (final NamedTensor t : checkpoint.tensors()) {
            final byte[] name = utf8(file, "parameter name", t.name());
            names.add(name);
            if (t.shape().length > 255) {
                throw new IllegalArgumentException("parameter " + t.name() + " has rank " + t.shape().length + ", above 255");
            }
            size += 2 + name.length + 1 + 4L * t.shape().length + 4L * t.values().length;
        }
        if (size > MAX_BYTES) {
            throw new CheckpointException(file.toString(), "the parameters take " + size
                + " bytes, more than one checkpoint file can hold");
        }
        final ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(MAGIC).putInt(VERSION);
        out.putShort((short) network.length).put(network);
        out.putInt(checkpoint.epoch()).putInt(checkpoint.tensors().size());
        for (int i = 0; i < names.size(); i++) {
            final NamedTensor t = checkpoint.tensors().get(i);
            out.putShort((short) names.get(i).length).put(names.get(i)).put((byte) t.shape().length);
            for (final int d : t.shape()) {
                out.putInt(d);
            }
        }
        for (final NamedTensor t : checkpoint.tensors()) {
            out.asFloatBuffer().put(t.values());
            out.position(out.position() + 4 * t.values().length);
        }
        final CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static byte[] utf8(final Path file, final String what, final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new CheckpointException(file.toString(), "the " + what + " is longer than 65535 bytes");
        }
        return bytes;
    }

    /** Reads and verifies {@code file}. */
    public static Checkpoint read(final Path file) {
        final String name = file.toString();
        final byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CheckpointException(name, "is " + Files.size(file) + " bytes, too large to be a checkpoint");
            }
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw new CheckpointException(name, "no such file");
        } catch (final IOException e) {
            throw new CheckpointException(name, "cannot read: " + e, e);
        }
        if (bytes.length < PREFIX || !startsWithMagic(bytes)) {
            throw new CheckpointException(name, "not a Locus checkpoint (it does not start with \"LOCUSCKP\")");
        }
        final int version = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        if (version != VERSION) {
            throw new CheckpointException(name, "checkpoint format version " + Integer.toUnsignedString(version)
                + "; this Locus reads version " + VERSION);
        }
        final boolean intact = bytes.length >= PREFIX + CRC_BYTES && storedCrc(bytes) == computedCrc(bytes);
        final Header header;
        try {
            header = Header.parse(ByteBuffer.wrap(bytes));
        } catch (final BufferUnderflowException | IllegalArgumentException e) {
            throw new CheckpointException(name, intact ? "malformed header" : "corrupted or truncated: the header "
                + "cannot be read and the checksum does not match");
        }
        final long expected = header.fileSize();
        if (!intact && expected > bytes.length) {
            throw new CheckpointException(name, "truncated: its header describes " + expected + " bytes, the file has "
                + bytes.length);
        }
        if (!intact) {
            throw new CheckpointException(name, String.format("corrupted: checksum mismatch (stored CRC-32 %08x,"
                + " computed %08x)", storedCrc(bytes), computedCrc(bytes)));
        }
        if (expected != bytes.length) {
            throw new CheckpointException(name, "malformed: its header describes " + expected + " bytes, the file has "
                + bytes.length);
        }
        final ByteBuffer data = ByteBuffer.wrap(bytes, header.dataStart, bytes.length - header.dataStart);
        final List<NamedTensor> tensors = new ArrayList<>();
        for (int i = 0; i < header.names.size(); i++) {
            final float[] values = new float[header.sizes.get(i)];
            data.asFloatBuffer().get(values);
            data.position(data.position() + 4 * values.length);
            tensors.add(new NamedTensor(header.names.get(i), header.shapes.get(i), values));
        }
        return new Checkpoint(header.network, header.epoch, tensors);
    }

    /**
     * Reads {@code file} and copies its values into the model's live {@code parameters}, after
     * checking that it belongs to {@code network} and has exactly these parameters and shapes.
     *
     * @return the checkpoint read
     */
    public static Checkpoint restore(final Path file, final String network, final List<NamedTensor> parameters) {
        final Checkpoint checkpoint = read(file);
        final String name = file.toString();
        if (!checkpoint.network().equals(network)) {
            throw new CheckpointException(name, "is a checkpoint of network `" + checkpoint.network() + "`, not `"
                + network + "`");
        }
        final Map<String, NamedTensor> stored = new LinkedHashMap<>();
        for (final NamedTensor t : checkpoint.tensors()) {
            stored.put(t.name(), t);
        }
        final Map<String, NamedTensor> wanted = new HashMap<>();
        for (final NamedTensor target : parameters) {
            wanted.put(target.name(), target);
            final NamedTensor source = stored.get(target.name());
            if (source == null) {
                throw new CheckpointException(name, "has no parameter `" + target.name() + "`, which network `"
                    + network + "` needs");
            }
            if (!java.util.Arrays.equals(source.shape(), target.shape())) {
                throw new CheckpointException(name, "parameter `" + target.name() + "` has shape " + source.shapeText()
                    + " in the checkpoint but " + target.shapeText() + " in network `" + network + "`");
            }
        }
        for (final String stray : stored.keySet()) {
            if (!wanted.containsKey(stray)) {
                throw new CheckpointException(name, "has a parameter `" + stray + "` that network `" + network
                    + "` does not have");
            }
        }
        for (final NamedTensor target : parameters) {
            final float[] values = stored.get(target.name()).values();
            System.arraycopy(values, 0, target.values(), 0, values.length);
        }
        return checkpoint;
    }

    private static boolean startsWithMagic(final byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static long storedCrc(final byte[] bytes) {
        return ByteBuffer.wrap(bytes, bytes.length - CRC_BYTES, CRC_BYTES).getInt() & 0xFFFFFFFFL;
    }

    private static long computedCrc(final byte[] bytes) {
        final CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - CRC_BYTES);
        return crc.getValue();
    }

    /** What the header says; parsing it needs no checksum, so that truncation can be told from damage. */
    private static final class Header {
        String network;
        int epoch;
        final List<String> names = new ArrayList<>();
        final List<int[]> shapes = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        int dataStart;
        long dataBytes;

        static Header parse(final ByteBuffer in) {
            final Header h = new Header();
            in.position(PREFIX);
            h.network = string(in);
            h.epoch = in.getInt();
            final int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException("tensor count " + count);
            }
            for (int i = 0; i < count; i++) {
                h.names.add(string(in));
                final int rank = in.get() & 0xFF;
                final int[] shape = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.getInt();
                    if (shape[d] < 0) {
                        throw new IllegalArgumentException("negative dimension");
                    }
                    size *= shape[d];
                    if (size > MAX_BYTES) {
                        throw new IllegalArgumentException("tensor too large");
                    }
                }
                h.shapes.add(shape);
                h.sizes.add((int) size);
                h.dataBytes += 4 * size;
            }
            h.dataStart = in.position();
            return h;
        }

        long fileSize() {
            return dataStart + dataBytes + CRC_BYTES;
        }

        private static String string(final ByteBuffer in) {
            final int length = in.getShort() & 0xFFFF;
            final byte[] bytes = new byte[length];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
