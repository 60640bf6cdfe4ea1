package dev.locus.runtime.checkpoint;

import dev.locus.runtime.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes checkpoints as <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * files (docs/CHECKPOINTS.md): an 8-byte little-endian header length N, N bytes of JSON naming each
 * tensor's dtype, shape and byte range and holding string metadata under {@code __metadata__},
 * then the tensors' little-endian bytes, so that Python's safetensors or plain NumPy reads them.
 * Tensors are laid out as the safetensors writer lays them out (by alignment, then by name, the
 * header padded with spaces to a multiple of 8 bytes). The metadata's {@code locus.sha256} is the
 * SHA-256 of the whole file with its own 64 hex digits replaced by {@code 0}s, so that a damaged
 * byte anywhere, header or data, is found on load.
 *
 * <p>A file is written to a temporary file in the same folder, forced to disk, then renamed over
 * the target in one atomic step, so a crash never leaves half a checkpoint under the real name.
 * Reading parses nothing but this JSON and copies nothing but bytes: nothing in a checkpoint is
 * executed, and every malformed file is a {@link CheckpointException} saying what is wrong.
 */
public final class CheckpointFile {
    /** The version of the Locus layout within safetensors: which metadata keys there are and what they mean. */
    public static final String FORMAT = "1";

    public static final String KEY_FORMAT = "locus.format";
    public static final String KEY_VERSION = "locus.version";
    public static final String KEY_PROGRAM = "locus.program_sha256";
    public static final String KEY_NETWORK = "locus.network";
    public static final String KEY_RULE = "locus.rule";
    public static final String KEY_BACKEND = "locus.backend";
    public static final String KEY_EPOCH = "locus.epoch";
    public static final String KEY_BATCH = "locus.batch";
    public static final String KEY_INPUT_MEAN = "locus.input_mean";
    public static final String KEY_INPUT_STD = "locus.input_std";
    public static final String KEY_CHECKSUM = "locus.sha256";

    private static final String METADATA = "__metadata__";
    private static final String CHECKSUM_ZEROS = "0".repeat(64);
    /** The safetensors reference implementation refuses larger headers; so does this one. */
    private static final long MAX_HEADER = 100L << 20;
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

    /**
     * Whether an existing file may be replaced: it is empty, or its header (read in full only if
     * it is small) is JSON whose metadata names a Locus network. A damaged earlier checkpoint whose
     * header still says so may be replaced too.
     */
    private static boolean replaceable(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] length = in.readNBytes(8);
            if (length.length == 0) {
                return true;
            }
            if (length.length < 8) {
                return false;
            }
            final long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER) {
                return false;
            }
            final String header = new String(in.readNBytes((int) n), StandardCharsets.UTF_8);
            return header.startsWith("{") && header.contains("\"" + METADATA + "\"")
                && header.contains("\"" + KEY_NETWORK + "\"");
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

    /** The metadata a checkpoint is written with, its checksum still zeros. */
    private static Map<String, String> metadata(final Checkpoint checkpoint) {
        final Provenance p = checkpoint.provenance();
        final Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_FORMAT, FORMAT);
        m.put(KEY_VERSION, p.locusVersion());
        m.put(KEY_NETWORK, p.network());
        m.put(KEY_RULE, p.rule());
        m.put(KEY_BACKEND, p.backend());
        m.put(KEY_PROGRAM, p.programSha256());
        m.put(KEY_INPUT_MEAN, Float.toString(p.inputMean()));
        m.put(KEY_INPUT_STD, Float.toString(p.inputStd()));
        m.put(KEY_EPOCH, Integer.toString(checkpoint.position().epoch()));
        m.put(KEY_BATCH, Integer.toString(checkpoint.position().batch()));
        m.put(KEY_CHECKSUM, CHECKSUM_ZEROS);
        return m;
    }

    private static byte[] encode(final Path file, final Checkpoint checkpoint) {
        final List<CheckpointTensor> tensors = new ArrayList<>(checkpoint.tensors());
        tensors.sort(Comparator.comparingInt((CheckpointTensor t) -> -t.dtype().bytes()).thenComparing(CheckpointTensor::name));
        final StringBuilder json = new StringBuilder("{");
        json.append(JsonText.quote(METADATA)).append(":{");
        boolean first = true;
        for (final Map.Entry<String, String> e : metadata(checkpoint).entrySet()) {
            json.append(first ? "" : ",").append(JsonText.quote(e.getKey())).append(':').append(JsonText.quote(e.getValue()));
            first = false;
        }
        json.append('}');
        long offset = 0;
        for (final CheckpointTensor t : tensors) {
            final long end = offset + (long) t.size() * t.dtype().bytes();
            json.append(',').append(JsonText.quote(t.name())).append(":{\"dtype\":\"").append(t.dtype().name())
                .append("\",\"shape\":").append(Arrays.toString(t.shape()).replace(" ", ""))
                .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        final byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        // Spaces after the JSON bring the data to a multiple of 8 bytes, as the safetensors writer does.
        final int padding = (int) ((8 - (8 + header.length) % 8) % 8);
        final long size = 8L + header.length + padding + offset;
        if (size > MAX_BYTES) {
            throw new CheckpointException(file.toString(), "the tensors take " + size
                + " bytes, more than one checkpoint file can hold");
        }
        final ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length + padding).put(header);
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        for (final CheckpointTensor t : tensors) {
            t.writeTo(out);
        }
        final byte[] bytes = out.array();
        final int at = checksumAt(bytes, 8, 8 + header.length);
        final byte[] hex = HexFormat.of().formatHex(sha256(bytes)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, bytes, at, hex.length);
        return bytes;
    }

    /** Where the 64 hex digits of the checksum start in {@code bytes[from, to)}, or -1. */
    private static int checksumAt(final byte[] bytes, final int from, final int to) {
        final byte[] key = ("\"" + KEY_CHECKSUM + "\":\"").getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i + key.length + 64 < to; i++) {
            for (int k = 0; k < key.length; k++) {
                if (bytes[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    private static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Reads and verifies {@code file}. */
    public static Checkpoint read(final Path file) {
        final String name = file.toString();
        final byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new CheckpointException(name, "is a folder, not a checkpoint");
            }
            final long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new CheckpointException(name, "is " + size + " bytes, too large to be a checkpoint");
            }
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw new CheckpointException(name, "no such file");
        } catch (final IOException e) {
            throw new CheckpointException(name, "cannot read: " + e, e);
        }
        return decode(name, bytes);
    }

    /** Parses and verifies the bytes of a checkpoint file named {@code name} (in messages). */
    static Checkpoint decode(final String name, final byte[] bytes) {
        if (bytes.length == 0) {
            throw new CheckpointException(name, "is empty, not a checkpoint");
        }
        if (bytes.length < 8) {
            throw new CheckpointException(name, "is " + bytes.length + " bytes long, too short to be a checkpoint");
        }
        final long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        final boolean jsonNext = bytes.length > 8 && bytes[8] == '{';
        if (n < 2 || n > MAX_HEADER || !jsonNext) {
            throw new CheckpointException(name, "is not a checkpoint (safetensors): its first 8 bytes give a header "
                + "length of " + Long.toUnsignedString(n) + (jsonNext ? " bytes, outside 2 to " + MAX_HEADER
                : " bytes, and no JSON header follows them"));
        }
        if (8 + n > bytes.length) {
            throw new CheckpointException(name, "is truncated: its header is " + n + " bytes long but the file ends "
                + (bytes.length - 8) + " bytes after the header length");
        }
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (final CharacterCodingException e) {
            throw new CheckpointException(name, "is not a checkpoint: its header is not UTF-8 text");
        }
        final Object parsed;
        try {
            parsed = HeaderJson.parse(text);
        } catch (final IllegalArgumentException e) {
            throw new CheckpointException(name, "is not a checkpoint: its header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new CheckpointException(name, "is not a checkpoint: its header is not a JSON object");
        }
        final int dataStart = (int) (8 + n);
        final Map<String, String> metadata = metadata(name, header.get(METADATA));
        final List<Entry> entries = new ArrayList<>();
        for (final Map.Entry<?, ?> e : header.entrySet()) {
            if (!e.getKey().equals(METADATA)) {
                entries.add(entry(name, (String) e.getKey(), e.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        final long data = bytes.length - dataStart;
        long expected = 0;
        for (final Entry e : entries) {
            if (e.begin() != expected) {
                throw new CheckpointException(name, "has a malformed header: tensor `" + e.name() + "` starts at byte "
                    + e.begin() + " of the data, where " + (e.begin() < expected ? "another tensor lies" : "byte "
                    + expected + " was expected (tensors must be packed one after another)"));
            }
            if (e.end() > data) {
                throw new CheckpointException(name, "is truncated, or its header points outside the file: tensor `"
                    + e.name() + "` ends at byte " + e.end() + " of the data, which has " + data + " bytes");
            }
            expected = e.end();
        }
        if (expected != data) {
            throw new CheckpointException(name, "has " + (data - expected) + " bytes after its last tensor");
        }
        final String stored = required(name, metadata, KEY_CHECKSUM);
        final int at = checksumAt(bytes, 8, dataStart);
        if (!stored.matches("[0-9a-f]{64}") || at < 0
            || !new String(bytes, at, 64, StandardCharsets.US_ASCII).equals(stored)) {
            throw new CheckpointException(name, "has a checksum that cannot be verified: `" + KEY_CHECKSUM
                + "` must be 64 lower-case hex digits, written as Locus writes it");
        }
        final byte[] zeroed = bytes.clone();
        Arrays.fill(zeroed, at, at + 64, (byte) '0');
        final String computed = HexFormat.of().formatHex(sha256(zeroed));
        if (!computed.equals(stored)) {
            throw new CheckpointException(name, "is corrupted: its SHA-256 checksum does not match (stored " + stored
                + ", computed " + computed + ")");
        }
        final String format = required(name, metadata, KEY_FORMAT);
        if (!format.equals(FORMAT)) {
            throw new CheckpointException(name, "is a checkpoint of Locus format " + format + "; this Locus reads "
                + "format " + FORMAT);
        }
        final float mean = number(name, metadata, KEY_INPUT_MEAN);
        final float std = number(name, metadata, KEY_INPUT_STD);
        if (!(std > 0f)) {
            throw new CheckpointException(name, "has a malformed header: its metadata `" + KEY_INPUT_STD + "` is `"
                + metadata.get(KEY_INPUT_STD) + "`, not a positive number");
        }
        final Provenance provenance = new Provenance(required(name, metadata, KEY_NETWORK),
            required(name, metadata, KEY_RULE), required(name, metadata, KEY_PROGRAM),
            required(name, metadata, KEY_VERSION), required(name, metadata, KEY_BACKEND), mean, std);
        final TrainingPosition position = new TrainingPosition(count(name, metadata, KEY_EPOCH),
            count(name, metadata, KEY_BATCH));
        final ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final List<CheckpointTensor> tensors = new ArrayList<>();
        for (final Entry e : entries) {
            in.position(dataStart + (int) e.begin());
            tensors.add(e.read(in));
        }
        tensors.sort(Comparator.comparing(CheckpointTensor::name));
        return new Checkpoint(provenance, position, tensors);
    }

    /** One tensor of the header, checked: a known dtype, a shape, and a byte range that fits both. */
    private record Entry(String name, DType dtype, int[] shape, int size, long begin, long end) {
        CheckpointTensor read(final ByteBuffer in) {
            if (dtype == DType.F32) {
                final float[] values = new float[size];
                in.asFloatBuffer().get(values);
                return new NamedTensor(name, shape, values);
            }
            final double[] values = new double[size];
            in.asDoubleBuffer().get(values);
            return new NamedDoubles(name, shape, values);
        }
    }

    private static Entry entry(final String file, final String tensor, final Object value) {
        final String where = "tensor `" + tensor + "`";
        if (!(value instanceof Map<?, ?> fields)) {
            throw new CheckpointException(file, "is not a checkpoint: " + where + " is not described by a JSON object");
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw new CheckpointException(file, "is not a checkpoint: " + where + " has no dtype");
        }
        final DType dtype = DType.named(dtypeName).orElseThrow(() -> new CheckpointException(file, where
            + " has dtype " + dtypeName + "; a Locus checkpoint holds F32 and F64 tensors only"));
        if (!(fields.get("shape") instanceof List<?> dims)) {
            throw new CheckpointException(file, "is not a checkpoint: " + where + " has no shape");
        }
        final int[] shape = new int[dims.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointException(file, "has a malformed header: " + where + " has shape " + dims);
            }
            shape[i] = d.intValue();
            size *= d;
            if (size > MAX_BYTES) {
                throw new CheckpointException(file, "has a malformed header: " + where + " has shape " + dims
                    + ", more values than a checkpoint can hold");
            }
        }
        if (!(fields.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
            || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0
            || end < begin) {
            throw new CheckpointException(file, "has a malformed header: " + where + " has data_offsets "
                + fields.get("data_offsets") + " (two byte offsets, the second no smaller than the first, are needed)");
        }
        if (end - begin != size * dtype.bytes()) {
            throw new CheckpointException(file, "has a malformed header: " + where + " of shape " + dims + " and "
                + "dtype " + dtype + " takes " + size * dtype.bytes() + " bytes, but its data_offsets [" + begin + ", "
                + end + "] hold " + (end - begin));
        }
        return new Entry(tensor, dtype, shape, (int) size, begin, end);
    }

    private static Map<String, String> metadata(final String file, final Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(file, "is not a Locus checkpoint: its header has no " + METADATA
                + " object (a safetensors file written by another program?)");
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException(file, "is not a checkpoint: its metadata `" + e.getKey()
                    + "` is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static String required(final String file, final Map<String, String> metadata, final String key) {
        final String value = metadata.get(key);
        if (value == null) {
            throw new CheckpointException(file, "is not a Locus checkpoint: its metadata has no `" + key + "`");
        }
        return value;
    }

    private static float number(final String file, final Map<String, String> metadata, final String key) {
        final String value = required(file, metadata, key);
        if (value.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?")) {
            final float f = Float.parseFloat(value);
            if (Float.isFinite(f)) {
                return f;
            }
        }
        throw new CheckpointException(file, "has a malformed header: its metadata `" + key + "` is `" + value
            + "`, not a finite number");
    }

    private static int count(final String file, final Map<String, String> metadata, final String key) {
        final String value = required(file, metadata, key);
        if (!value.matches("0|[1-9][0-9]{0,8}")) {
            throw new CheckpointException(file, "has a malformed header: its metadata `" + key + "` is `" + value
                + "`, not a count");
        }
        return Integer.parseInt(value);
    }

    /**
     * Reads {@code file} and copies its tensors into the model's {@code live} tensors (parameters
     * and training state), after checking that it belongs to {@code network} and holds exactly
     * these tensors with these shapes. F32 and F64 convert to each other (widened exactly,
     * rounded to nearest), so that a checkpoint of one backend can be evaluated on another.
     *
     * @return the checkpoint read
     */
    public static Checkpoint restore(final Path file, final String network, final List<? extends CheckpointTensor> live) {
        final Checkpoint checkpoint = read(file);
        restore(checkpoint, file.toString(), network, live);
        return checkpoint;
    }

    /**
     * As {@link #restore(Path, String, List)}, from a checkpoint already read from the file
     * {@code name}: nothing is copied unless every tensor matches.
     */
    public static void restore(final Checkpoint checkpoint, final String name, final String network,
                               final List<? extends CheckpointTensor> live) {
        if (!checkpoint.provenance().network().equals(network)) {
            throw new CheckpointException(name, "is a checkpoint of network `" + checkpoint.provenance().network()
                + "`, not `" + network + "`");
        }
        final Set<String> wanted = new HashSet<>();
        for (final CheckpointTensor target : live) {
            wanted.add(target.name());
            final CheckpointTensor source = checkpoint.tensor(target.name());
            if (source == null) {
                throw new CheckpointException(name, "has no tensor `" + target.name() + "`, which network `" + network
                    + "` needs: it is a checkpoint of another program");
            }
            if (!Arrays.equals(source.shape(), target.shape())) {
                throw new CheckpointException(name, "tensor `" + target.name() + "` has shape " + source.shapeText()
                    + " in the checkpoint but " + target.shapeText() + " in network `" + network + "`: it is a "
                    + "checkpoint of another program");
            }
        }
        for (final CheckpointTensor stray : checkpoint.tensors()) {
            if (!wanted.contains(stray.name())) {
                throw new CheckpointException(name, "has a tensor `" + stray.name() + "` that network `" + network
                    + "` does not have: it is a checkpoint of another program");
            }
        }
        for (final CheckpointTensor target : live) {
            target.copyFrom(checkpoint.tensor(target.name()));
        }
    }
}
