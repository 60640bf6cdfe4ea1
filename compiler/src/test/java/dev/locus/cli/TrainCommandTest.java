package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus train` in-process: exit statuses, messages, and the JSON lines for tools. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static final String NETWORK = """
            network Tiny {
                input  image : [1, 6, 6]
                classes 3
                layer  fc1 = flatten -> dense(8) -> tanh
                layer  fc2 = dense(6) -> relu
                output out = dense(classes)
            }
            """;

    private static String train(final String data) {
        return NETWORK + """
                train Tiny {
                    data      %s
                    rule      local_error
                    optimizer adam(lr: 0.01)
                    batch     8
                    epochs    3
                    seed      1
                }
                """.formatted(data);
    }

    private Path write(final String name, final String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Raw IDX files of {@code count} random 6 x 6 images and labels below 3. */
    private void idx(final String images, final String labels, final int count, final long seed) throws IOException {
        Random r = new Random(seed);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(images)))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(6);
            out.writeInt(6);
            byte[] pixels = new byte[count * 36];
            r.nextBytes(pixels);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(labels)))) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(r.nextInt(3));
            }
        }
    }

    private static final String IDX = "idx(images: \"train-images\", labels: \"train-labels\", "
            + "test_images: \"test-images\", test_labels: \"test-labels\")";

    private static void assertNoStackTrace(final CliRun run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
        assertFalse(run.err().contains("internal error"), run.err());
    }

    @Test
    void aProgramWithErrorsExitsWith1AndSaysWhere() throws IOException {
        Path file = write("bad.locus", NETWORK.replace("flatten -> dense(8)", "dense(8)") + "train Tiny {\n"
                + "    data " + IDX + "\n    rule local_error\n    optimizer sgd(0.1)\n}\n");
        CliRun run = CliRun.of("train", file.toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("bad.locus:4:"), run.err());
        assertTrue(run.err().contains("error"), run.err());
        assertEquals("", run.out());
        assertNoStackTrace(run);
    }

    @Test
    void aBadEpochCountIsBadUsage() throws IOException {
        Path file = write("ok.locus", train(IDX));
        for (String epochs : List.of("0", "-3", "two", "1.5")) {
            CliRun run = CliRun.of("train", file.toString(), "--epochs", epochs);
            assertEquals(2, run.status(), epochs + ": " + run.err());
            assertTrue(run.err().contains("--epochs"), run.err());
            assertTrue(run.err().contains("usage: locus train"), run.err());
            assertNoStackTrace(run);
        }
    }

    @Test
    void anIdxFileThatDoesNotExistIsAnErrorInTheDataNamingTheFile() throws IOException {
        idx("train-images", "train-labels", 20, 1);
        Path file = write("missing.locus", train(IDX.replace("test-images", "no-such-images")));
        CliRun run = CliRun.of("train", file.toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("no-such-images"), run.err());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertEquals("", run.out());
        assertNoStackTrace(run);
    }

    @Test
    void anUnknownBackendIsBadUsageAndTheAvailableOnesAreListed() throws IOException {
        Path file = write("ok.locus", train(IDX));
        CliRun run = CliRun.of("train", file.toString(), "--backend", "gpu");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("unknown backend `gpu`; available: interp"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void theBackendNamedTrainsAndTheDefaultIsTheSame() throws IOException {
        idx("train-images", "train-labels", 16, 1);
        idx("test-images", "test-labels", 8, 2);
        Path file = write("tiny.locus", train(IDX));
        CliRun named = CliRun.of("train", file.toString(), "--backend", "interp", "--epochs", "1");
        assertEquals(0, named.status(), named.err());
        assertTrue(named.err().contains("backend interp"), named.err());
        CliRun byDefault = CliRun.of("train", file.toString(), "--epochs", "1");
        assertEquals(0, byDefault.status(), byDefault.err());
        assertTrue(byDefault.err().contains("backend " + dev.locus.compiler.backend.Backends.DEFAULT), byDefault.err());
        // The same losses and accuracies; only the speed and the time differ.
        String timing = " +[0-9]+ img/s +[0-9.]+ s";
        assertEquals(named.out().replaceAll(timing, ""), byDefault.out().replaceAll(timing, ""));
        assertTrue(named.out().startsWith("epoch 1/1"), named.out());
    }

    @Test
    void jsonPrintsOneObjectAnEpochWithTheTestAccuracySpeedAndEveryLayersLossAndAccuracy() throws IOException {
        idx("train-images", "train-labels", 48, 1);
        idx("test-images", "test-labels", 20, 2);
        Path file = write("tiny.locus", train(IDX));
        CliRun run = CliRun.of("train", file.toString(), "--json", "--epochs", "2");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        String number = "(-?[0-9][0-9.eE+-]*)";
        for (int e = 0; e < lines.size(); e++) {
            String line = lines.get(e);
            assertTrue(line.startsWith("{") && line.endsWith("}"), line);
            assertTrue(line.contains("\"epoch\":" + (e + 1) + ","), line);
            double accuracy = field(line, "test_accuracy", number);
            assertTrue(accuracy >= 0 && accuracy <= 1, line);
            // 20 test images: the accuracy is a whole number of twentieths.
            assertEquals(Math.rint(accuracy * 20), accuracy * 20, 1e-9, line);
            assertTrue(field(line, "images_per_second", number) > 0, line);
            assertTrue(field(line, "train_seconds", number) > 0, line);
            Matcher layers = Pattern.compile("\\{\"name\":\"(\\w+)\",\"local_loss\":" + number
                    + ",\"local_accuracy\":" + number + "}").matcher(line);
            StringBuilder names = new StringBuilder();
            while (layers.find()) {
                names.append(layers.group(1)).append(' ');
                double loss = Double.parseDouble(layers.group(2));
                double acc = Double.parseDouble(layers.group(3));
                assertTrue(loss > 0 && Double.isFinite(loss), line);
                assertTrue(acc >= 0 && acc <= 1, line);
            }
            assertEquals("fc1 fc2 out ", names.toString(), line);
        }
    }

    private static double field(final String line, final String name, final String number) {
        Matcher m = Pattern.compile("\"" + name + "\":" + number + "[,}]").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return Double.parseDouble(m.group(1));
    }
}
