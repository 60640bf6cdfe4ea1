package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.runtime.checkpoint.CheckpointFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus train --checkpoint/--resume` and `locus eval` through the command line. */
class CheckpointCommandsTest {
    @TempDir
    Path dir;

    /** Batch norm, dropout and Adam: running statistics, the dropout stream and step counters must all continue. */
    private static final String PROGRAM = """
            network Small {
                input  image : [1, 28, 28]
                classes 10
                layer  fc1 = flatten -> dense(%d) -> batchnorm -> tanh -> dropout(0.2)
                layer  fc2 = dense(6) -> relu
                output out = dense(classes)
            }
            train Small {
                data      fashion_mnist
                rule      local_error
                optimizer adam(lr: 0.01)
                batch     16
                epochs    3
                seed      1
            }
            """;

    private Path program(final String name, final int width) throws IOException {
        return Files.writeString(dir.resolve(name), PROGRAM.formatted(width));
    }

    private Path sample() throws IOException {
        return SampleFolder.in(dir);
    }

    private CliRun locus(final String command, final Path file, final String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, file.toString(), "--data", sample().toString()));
        if (command.equals("train")) {
            args.addAll(List.of("--limit", "72"));
        }
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertRefused(final CliRun run, final String message) {
        assertEquals(1, run.status(), run.err());
        String last = message.substring(message.lastIndexOf('\n') + 1);
        assertTrue(run.err().endsWith(last + "\n"), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception") || run.err().contains("internal"),
                run.err());
        assertEquals("", run.out(), "nothing was trained or evaluated");
    }

    /** A JSON line without its timings, which differ from run to run. */
    private static String untimed(final String line) {
        return line.replaceAll("\"images_per_second\":[0-9.eE+-]+,\"train_seconds\":[0-9.eE+-]+", "");
    }

    @Test
    void aRunResumedAfterEpochOneEndsBitIdenticalToAnUninterruptedOneOnEveryBackend() throws IOException {
        Path file = program("small.locus", 8);
        for (Backend backend : Backends.available()) {
            Path whole = dir.resolve(backend.name() + "-whole.safetensors");
            Path parts = dir.resolve(backend.name() + "-parts.safetensors");
            CliRun uninterrupted = locus("train", file, "--backend", backend.name(), "--json", "--checkpoint",
                    whole.toString());
            assertEquals(0, uninterrupted.status(), uninterrupted.err());
            CliRun first = locus("train", file, "--backend", backend.name(), "--json", "--epochs", "1",
                    "--checkpoint", parts.toString());
            assertEquals(0, first.status(), first.err());
            CliRun rest = locus("train", file, "--backend", backend.name(), "--json", "--resume", parts.toString(),
                    "--checkpoint", parts.toString());
            assertEquals(0, rest.status(), rest.err());
            assertFalse(rest.err().contains("training Small"), "--json keeps standard error quiet: " + rest.err());
            List<String> expected = uninterrupted.out().lines().map(CheckpointCommandsTest::untimed).toList();
            assertEquals(expected.subList(1, 3), rest.out().lines().map(CheckpointCommandsTest::untimed).toList(),
                    "epochs 2 and 3 report the same losses and accuracies");
            // Parameters, optimizer state, running statistics, step counters and metadata: every byte.
            assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(parts), backend.name());
        }
        // Every backend names and shapes its tensors alike, so a checkpoint of one continues on another.
        List<String> interpTensors = tensors(dir.resolve("interp-parts.safetensors"));
        assertTrue(interpTensors.contains("fc1.weight [784, 8]") && interpTensors.contains("fc1.running_var [8]")
                && interpTensors.contains("fc1.weight.adam_step [2]") && interpTensors.contains("training_step [2]"),
                interpTensors.toString());
        for (Backend backend : Backends.available()) {
            assertEquals(interpTensors, tensors(dir.resolve(backend.name() + "-parts.safetensors")), backend.name());
        }
        Path interp = dir.resolve("interp-parts.safetensors");
        CliRun text = locus("train", file, "--resume", interp.toString(), "--epochs", "4");
        assertEquals(0, text.status(), text.err());
        assertTrue(text.err().contains("locus train: --resume " + interp + ": written by backend interp, used on "
                + "backend " + Backends.DEFAULT + " (numbers convert between them; a resumed run no longer repeats an "
                + "uninterrupted one bit for bit)\n"), text.err());
        assertTrue(text.err().contains(", backend " + Backends.DEFAULT + ", resuming from " + interp
                + " after epoch 3\n"), text.err());
        assertTrue(text.out().startsWith("epoch 4/4"), text.out());
    }

    /** The names and shapes of a checkpoint's tensors, in name order. */
    private static List<String> tensors(final Path checkpoint) {
        return CheckpointFile.read(checkpoint).tensors().stream().map(t -> t.name() + " " + t.shapeText()).sorted()
                .toList();
    }

    private static double number(final String json, final String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9][0-9.eE+-]*)[,}]").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void evalGivesTheTestAccuracyTrainPrintedForTheCheckpointPerClassAndAsAConfusionMatrix() throws IOException {
        Path file = program("small.locus", 8);
        for (Backend backend : Backends.available()) {
            Path trained = dir.resolve(backend.name() + ".safetensors");
            CliRun train = locus("train", file, "--backend", backend.name(), "--json", "--epochs", "2",
                    "--checkpoint", trained.toString());
            assertEquals(0, train.status(), train.err());
            CliRun eval = locus("eval", file, "--backend", backend.name(), "--checkpoint", trained.toString(), "--json");
            assertEquals(0, eval.status(), eval.err());
            assertEquals(number(train.out().lines().toList().get(1), "test_accuracy"),
                    number(eval.out(), "test_accuracy"), backend.name());
        }
        Path ckpt = dir.resolve("run.safetensors");
        CliRun train = locus("train", file, "--json", "--epochs", "2", "--checkpoint", ckpt.toString());
        assertEquals(0, train.status(), train.err());
        double printed = number(train.out().lines().toList().get(1), "test_accuracy");
        CliRun eval = locus("eval", file, "--checkpoint", ckpt.toString(), "--json");
        assertEquals(0, eval.status(), eval.err());
        String json = eval.out().strip();
        assertEquals(printed, number(json, "test_accuracy"), json);
        assertEquals(500, number(json, "test_images"), "the sample's test images");
        assertTrue(json.startsWith("{\"network\":\"Small\",\"rule\":\"local_error\",\"checkpoint\":"
                + dev.locus.runtime.JsonText.quote(ckpt.toString()) + ",\"epoch\":2,\"batch\":0,"
                + "\"data\":\"fashion_mnist\","), json);
        Matcher rows = Pattern.compile("\\[([0-9]+(?:,[0-9]+){9})\\]").matcher(json.substring(json.indexOf("\"confusion\"")));
        long total = 0;
        long diagonal = 0;
        int row = 0;
        while (rows.find()) {
            long[] cells = Arrays.stream(rows.group(1).split(",")).mapToLong(Long::parseLong).toArray();
            total += Arrays.stream(cells).sum();
            diagonal += cells[row++];
        }
        assertEquals(10, row);
        assertEquals(500, total);
        assertEquals(diagonal, number(json, "correct"));
        assertEquals(printed, diagonal / 500.0);

        CliRun text = locus("eval", file, "--checkpoint", ckpt.toString());
        assertEquals(0, text.status(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals("Small (rule local_error) from " + ckpt + ", after epoch 2, on fashion_mnist: 500 test images, "
                + "backend " + Backends.DEFAULT, lines.get(0));
        assertEquals(String.format(java.util.Locale.ROOT, "test accuracy %.2f%% (%d of 500)", 100 * printed, diagonal),
                lines.get(1));
        assertEquals("class  accuracy   right / total", lines.get(3));
        assertEquals("confusion matrix (rows: true class, columns: predicted class)", lines.get(15));
        assertEquals("         0    1    2    3    4    5    6    7    8    9", lines.get(16));
        assertEquals(27, lines.size(), text.out());
    }

    /** Bytes of a good checkpoint with {@code from} replaced by {@code to} (of the same length) in its header. */
    private static byte[] edited(final byte[] good, final String from, final String to) {
        String latin = new String(good, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf(from);
        assertTrue(at > 0, from);
        byte[] bad = good.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, bad, at, to.length());
        return bad;
    }

    @Test
    void everyBadCheckpointIsRefusedSayingWhichBeforeAnythingRuns() throws IOException {
        Path file = program("small.locus", 8);
        Path good = dir.resolve("good.safetensors");
        assertEquals(0, locus("train", file, "--epochs", "1", "--checkpoint", good.toString()).status());
        byte[] bytes = Files.readAllBytes(good);
        Path other = program("wider.locus", 9);
        Path wide = dir.resolve("wide.safetensors");
        assertEquals(0, locus("train", other, "--epochs", "1", "--checkpoint", wide.toString()).status());

        Path truncated = Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length - 100));
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 7] ^= 4;
        Path corrupted = Files.write(dir.resolve("corrupted.safetensors"), flipped);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a checkpoint, just notes");
        Path badJson = Files.write(dir.resolve("json.safetensors"),
                edited(bytes, "\"__metadata__\":{", "\"__metadata__\":["));
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long data = bytes.length - 8 - n;
        Path misshapen = Files.write(dir.resolve("misshapen.safetensors"),
                edited(bytes, "\"training_step\":{\"dtype\":\"F32\",\"shape\":[2]",
                        "\"training_step\":{\"dtype\":\"F32\",\"shape\":[9]"));
        long notesLength = ByteBuffer.wrap(Files.readAllBytes(notes)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Path dtype = Files.write(dir.resolve("dtype.safetensors"), edited(bytes, "\"dtype\":\"F32\"", "\"dtype\":\"I32\""));

        for (String command : List.of("train", "eval")) {
            String flag = command.equals("train") ? "--resume" : "--checkpoint";
            java.util.function.Function<Path, CliRun> run = ckpt -> {
                try {
                    return command.equals("train")
                            ? locus("train", file, "--resume", ckpt.toString(), "--checkpoint",
                                    dir.resolve("never.safetensors").toString())
                            : locus("eval", file, "--checkpoint", ckpt.toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            String p = "locus " + command + ": " + flag + " ";
            assertRefused(run.apply(wide), p + wide + ": tensor `fc1.weight` has shape [784, 9] in the checkpoint but "
                    + "[784, 8] in network `Small`: it is a checkpoint of another program");
            assertTrue(run.apply(wide).err().contains(flag + " " + wide + ": the program has changed since this "
                    + "checkpoint was written (its SHA-256 differs)"), run.apply(wide).err());
            String cut = run.apply(truncated).err();
            assertTrue(cut.contains(p + truncated + ": is truncated, or its header points outside the file: tensor `")
                    && cut.endsWith(" of the data, which has " + (data - 100) + " bytes\n"), cut);
            assertRefused(run.apply(truncated), cut.strip().substring(cut.strip().lastIndexOf('\n') + 1));
            assertTrue(run.apply(corrupted).err().contains(p + corrupted + ": is corrupted: its SHA-256 checksum "
                    + "does not match (stored "), run.apply(corrupted).err());
            assertRefused(run.apply(corrupted), run.apply(corrupted).err().strip());
            assertRefused(run.apply(notes), p + notes + ": is not a checkpoint (safetensors): its first 8 bytes give "
                    + "a header length of " + notesLength + " bytes, and no JSON header follows them");
            assertTrue(run.apply(badJson).err().contains(p + badJson + ": is not a checkpoint: its header is not "
                    + "valid JSON: "), run.apply(badJson).err());
            assertRefused(run.apply(badJson), run.apply(badJson).err().strip());
            assertRefused(run.apply(misshapen), p + misshapen + ": has a malformed header: tensor `training_step` of "
                    + "shape [9] and dtype F32 takes 36 bytes, but its data_offsets [" + (data - 8) + ", " + data
                    + "] hold 8");
            assertRefused(run.apply(dtype), run.apply(dtype).err().strip());
            assertTrue(run.apply(dtype).err().contains(": tensor `fc1.beta` has dtype I32; a Locus checkpoint holds F32 and F64 "
                    + "tensors only"), run.apply(dtype).err());
        }
        assertFalse(Files.exists(dir.resolve("never.safetensors")), "no refused run wrote a checkpoint");
    }

    @Test
    void aCheckpointAtTheLastEpochHasNothingLeftToResume() throws IOException {
        Path file = program("small.locus", 8);
        Path ckpt = dir.resolve("done.safetensors");
        assertEquals(0, locus("train", file, "--epochs", "2", "--checkpoint", ckpt.toString()).status());
        assertRefused(locus("train", file, "--epochs", "2", "--resume", ckpt.toString()), "locus train: --resume "
                + ckpt + ": the checkpoint was taken after epoch 2, and the run has 2 epochs: nothing is left to "
                + "train (ask for more with --epochs)");
        CliRun usage = CliRun.of("eval", file.toString());
        assertEquals(2, usage.status());
        assertTrue(usage.err().startsWith("locus eval: --checkpoint CKPT is needed: the checkpoint to evaluate\n"),
                usage.err());
    }
}
