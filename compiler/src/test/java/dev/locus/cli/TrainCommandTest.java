package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.backend.MemoryEstimate;
import dev.locus.compiler.interp.InterpreterBackend;
import dev.locus.compiler.jvm.JvmBackend;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSearchPath;
import dev.locus.runtime.data.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
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
        assertTrue(run.err().contains("unknown backend `gpu`; available: interp, jvm"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void theBackendNamedTrainsAndTheDefaultIsTheSame() throws IOException {
        idx("train-images", "train-labels", 16, 1);
        idx("test-images", "test-labels", 8, 2);
        Path file = write("tiny.locus", train(IDX));
        CliRun named = CliRun.of("train", file.toString(), "--backend", "jvm", "--epochs", "1");
        assertEquals(0, named.status(), named.err());
        assertTrue(named.err().contains("backend jvm"), named.err());
        assertEquals("jvm", dev.locus.compiler.backend.Backends.DEFAULT);
        CliRun byDefault = CliRun.of("train", file.toString(), "--epochs", "1");
        assertEquals(0, byDefault.status(), byDefault.err());
        assertTrue(byDefault.err().contains("backend " + dev.locus.compiler.backend.Backends.DEFAULT), byDefault.err());
        // The same losses and accuracies; only the speed and the time differ.
        String timing = " +[0-9]+ img/s +[0-9.]+ s";
        assertEquals(epochLines(named).replaceAll(timing, ""), epochLines(byDefault).replaceAll(timing, ""));
        assertTrue(named.out().startsWith("epoch 1/1"), named.out());
    }

    @Test
    void theInterpreterTrainsTooWhenNamed() throws IOException {
        idx("train-images", "train-labels", 16, 1);
        idx("test-images", "test-labels", 8, 2);
        Path file = write("tiny.locus", train(IDX));
        CliRun named = CliRun.of("train", file.toString(), "--backend", "interp", "--epochs", "1");
        assertEquals(0, named.status(), named.err());
        assertTrue(named.err().contains("backend interp"), named.err());
        assertTrue(named.out().startsWith("epoch 1/1"), named.out());
    }

    @Test
    void dumpClassesWritesTheGeneratedClassAndItsListingWithTheSourceLines() throws IOException {
        idx("train-images", "train-labels", 16, 1);
        idx("test-images", "test-labels", 8, 2);
        Path file = write("tiny.locus", train(IDX));
        Path dump = dir.resolve("classes");
        Files.createDirectories(dump);
        CliRun run = CliRun.of("train", file.toString(), "--dump-classes", dump.toString(), "--epochs", "1");
        assertEquals(0, run.status(), run.err());
        try (var files = Files.list(dump)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(0).endsWith(".class") && names.get(1).endsWith(".txt"), names.toString());
            String listing = Files.readString(dump.resolve(names.get(1)));
            assertTrue(listing.contains("tiny.locus") && listing.contains("LINENUMBER"), listing);
        }
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

    /** The per-epoch lines of a run's output, without the summary. */
    private static String epochLines(final CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("epoch ")).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static double field(final String line, final String name, final String number) {
        Matcher m = Pattern.compile("\"" + name + "\":" + number + "[,}]").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return Double.parseDouble(m.group(1));
    }

    // ---- On the bundled Fashion-MNIST sample: a tiny network, few images, fast. ----

    private static final String SMALL = """
            network Small {
                input  image : [1, 28, 28]
                classes %d
                layer  fc1 = flatten -> dense(8) -> tanh
                layer  fc2 = dense(6) -> relu
                output out = dense(classes)
            }
            train Small {
                data      fashion_mnist
                rule      %s
                optimizer adam(lr: 0.01)
                batch     16
                %s
                seed      1
            }
            """;

    private static String small(final int classes, final String rule, final String epochs) {
        return SMALL.formatted(classes, rule, epochs);
    }

    private Path sample() throws IOException {
        return SampleFolder.in(dir);
    }

    private CliRun trainOnSample(final Path file, final String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", file.toString(), "--data", sample().toString(),
                "--limit", "64"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Help text with its wrapping undone, to look for whole sentences. */
    private static String help() {
        return CliRun.of("train", "--help").out().replaceAll("\\s+", " ");
    }

    @Test
    void aCheckpointPlaceThatCannotTakeACheckpointIsRefusedBeforeTheFirstBatch() throws IOException {
        Path file = write("small.locus", small(10, "local_error", "epochs 1"));
        Path folder = Files.createDirectories(dir.resolve("runs"));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Map<Path, String> refused = new LinkedHashMap<>();
        refused.put(folder, folder + ": is a folder, not a file");
        refused.put(dir.resolve("missing").resolve("run.ckpt"), dir.resolve("missing").resolve("run.ckpt")
                + ": the folder " + dir.resolve("missing") + " does not exist");
        // A regular file where the folder should be: unwritable even for root, unlike a read-only folder.
        refused.put(notes.resolve("run.ckpt"), notes.resolve("run.ckpt") + ": " + notes + " is a file, not a folder");
        refused.put(notes, notes + ": exists and is not a Locus checkpoint; it is left as it is");
        refused.put(file, file + ": exists and is not a Locus checkpoint; it is left as it is");
        for (Map.Entry<Path, String> e : refused.entrySet()) {
            CliRun run = trainOnSample(file, "--checkpoint", e.getKey().toString());
            assertEquals(1, run.status(), run.err());
            assertEquals("locus train: --checkpoint " + e.getValue() + "\n", run.err());
            assertEquals("", run.out(), "nothing was trained");
        }
        assertEquals("keep me", Files.readString(notes));
        assertTrue(Files.readString(file).startsWith("network Small"));
        assertTrue(help().contains("--checkpoint <FILE> write the parameters and training state to FILE after each "
                + "epoch, once the epoch's result is printed, atomically, as safetensors (docs/CHECKPOINTS.md). "
                + "Refused before training if FILE is a folder, its folder is "
                + "missing or cannot be written, or FILE exists and is not a checkpoint."), help());
    }

    @Test
    void twoTrainBlocksWriteOneCheckpointEachNamedForTheirNetwork() throws IOException {
        String two = small(10, "local_error", "epochs 1") + small(10, "backprop", "epochs 1")
                .replace("Small", "Other");
        Path file = write("two.locus", two);
        Path checkpoint = dir.resolve("run.ckpt");
        CliRun run = trainOnSample(file, "--checkpoint", checkpoint.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("locus train: 2 train blocks, so each network's checkpoint has its name: "
                + "Small to " + dir.resolve("run.Small.ckpt") + ", Other to " + dir.resolve("run.Other.ckpt") + "\n"),
                run.err());
        assertFalse(Files.exists(checkpoint));
        assertEquals("Small", CheckpointFile.read(dir.resolve("run.Small.ckpt")).provenance().network());
        assertEquals("Other", CheckpointFile.read(dir.resolve("run.Other.ckpt")).provenance().network());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("{\"network\":\"Small\",\"epoch\":1,\"epochs\":1,\"phase\":null,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"network\":\"Other\",\"epoch\":1,\"epochs\":1,\"phase\":null,"), lines.get(1));
        assertTrue(help().contains("With several train blocks each network gets its own file, named on standard "
                + "error: run.ckpt becomes run.NETWORK.ckpt"), help());
    }

    @Test
    void underLayerwiseEpochsCountsTheEpochsOfEachLayerAndEachLineNamesItsPhase() throws IOException {
        Path file = write("layerwise.locus", small(10, "local_error", "schedule layerwise(epochs: 3)"));
        CliRun run = trainOnSample(file, "--epochs", "1", "--json");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), "one epoch for each of the 3 layers, not 3 each: " + run.out());
        String[] layers = {"fc1", "fc2", "out"};
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).startsWith("{\"network\":\"Small\",\"epoch\":" + (i + 1) + ",\"epochs\":3,"
                    + "\"phase\":{\"layer\":\"" + layers[i] + "\",\"index\":" + (i + 1) + ",\"of\":3},"
                    + "\"test_accuracy\":"), lines.get(i));
        }
        CliRun text = trainOnSample(file, "--epochs", "1");
        assertTrue(text.err().contains("layerwise: 1 epochs for each of 3 layers"), text.err());
        assertTrue(help().contains("--epochs <N> override the train block's epochs; under schedule layerwise, the "
                + "epochs of each layer (instead of layerwise(epochs: ...))"), help());
        CliRun tooMany = trainOnSample(file, "--epochs", "1000000000");
        assertEquals(1, tooMany.status(), tooMany.err());
        assertTrue(tooMany.err().endsWith("locus train: --epochs 1000000000: under schedule layerwise, 1000000000 "
                + "epochs for each of the 3 layers of Small is more than 2147483647 epochs\n"), tooMany.err());
    }

    @Test
    void aDataFolderWithoutTheSetIsAnErrorAndTheFolderUsedIsNamed() throws IOException {
        Path file = write("small.locus", small(10, "local_error", "epochs 1"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.of("train", file.toString(), "--data", empty.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("locus train: --data " + empty + ": data set `fashion_mnist` is not there; looked for "
                + "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                + "t10k-labels-idx1-ubyte[.gz] in " + empty + " and in its subfolders fashion-mnist, fashion_mnist, "
                + "FashionMNIST\n", run.err());
        assertEquals("", run.out());
        CliRun found = trainOnSample(file);
        assertEquals(0, found.status(), found.err());
        assertTrue(found.err().startsWith("locus train: data fashion_mnist from " + sample() + "\n"), found.err());
        CliRun nested = CliRun.of("train", file.toString(), "--data", dir.toString(), "--limit", "64");
        assertEquals(1, nested.status(), "the sample folder is not named like a set's subfolder: " + nested.err());
        assertTrue(help().contains("a folder without the set is an error"), help());
    }

    @Test
    void aLimitBeyondTheSetSaysAllImagesAreUsed() throws IOException {
        Path file = write("small.locus", small(10, "local_error", "epochs 1"));
        CliRun run = CliRun.of("train", file.toString(), "--data", sample().toString(), "--limit", "100000", "--json");
        assertEquals(0, run.status(), run.err());
        assertEquals("locus train: data fashion_mnist from " + sample() + "\n"
                + "locus train: --limit 100000 is more than the 2,000 training images of fashion_mnist: all are used\n",
                run.err());
        CliRun exact = trainOnSample(file, "--json");
        assertEquals("locus train: data fashion_mnist from " + sample() + "\n", exact.err(), "64 is within the set");
    }

    @Test
    void badLimitsAndEpochsAreBadUsageSayingWhatIsAccepted() throws IOException {
        Path file = write("small.locus", small(10, "local_error", "epochs 1"));
        for (String option : List.of("--limit", "--epochs")) {
            for (String value : List.of("0", "-1", "ten", "2147483648")) {
                CliRun run = CliRun.of("train", file.toString(), option, value);
                assertEquals(2, run.status(), run.err());
                assertEquals("locus train: " + option + " takes a whole number from 1 to 2147483647, got `" + value
                        + "`\nusage: locus train FILE [--backend NAME] [--dump-classes DIR] [--data DIR] [--epochs N] [--limit N] "
                        + "[--threads N] [--checkpoint FILE] [--resume CKPT] [--plot FILE] [--json | --quiet]   (locus "
                        + "train --help for more)\n", run.err());
            }
        }
    }

    @Test
    void hiddenLayersUnderBackpropReportNoLocalLossNotZero() throws IOException {
        Path file = write("backprop.locus", small(10, "backprop", "epochs 1"));
        CliRun json = trainOnSample(file, "--json");
        assertEquals(0, json.status(), json.err());
        String line = json.out().strip();
        assertTrue(line.contains("\"layers\":[{\"name\":\"fc1\",\"local_loss\":null,\"local_accuracy\":null},"
                + "{\"name\":\"fc2\",\"local_loss\":null,\"local_accuracy\":null},{\"name\":\"out\",\"local_loss\":"),
                line);
        assertTrue(field(line, "local_loss", "(-?[0-9][0-9.eE+-]*)") > 0, line);
        CliRun text = trainOnSample(file);
        assertTrue(text.out().lines().findFirst().orElseThrow().matches("epoch 1/1  test .*  fc1 loss - acc -  fc2 loss - acc -  out loss "
                + "[0-9.]+ acc [0-9.]+%"), text.out());
    }

    /** Direct random target projection: hidden layers with a loss (a product with the projected target) and no classifier. */
    private static final String DRTP = """
            rule drtp(scale = 1.0) {
                hidden {
                    fixed B = uniform(classes, features(layer.out), scale)
                    minimize mean(flatten(layer.out) * onehot(label, classes) @ B) * features(layer.out)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    @Test
    void hiddenLayersWithALossButNoClassifierReportTheirLossAndNoAccuracyNotZeroOnEveryBackend() throws IOException {
        Path file = write("drtp.locus", DRTP + small(10, "drtp", "epochs 2"));
        String number = "-?[0-9][0-9.eE+-]*";
        for (String backend : List.of("interp", "jvm")) {
            CliRun json = trainOnSample(file, "--json", "--backend", backend);
            assertEquals(0, json.status(), json.err());
            List<String> lines = json.out().lines().toList();
            assertEquals(2, lines.size(), json.out());
            for (String line : lines) {
                assertTrue(line.matches(".*\\{\"name\":\"fc1\",\"local_loss\":" + number + ",\"local_accuracy\":null},"
                        + "\\{\"name\":\"fc2\",\"local_loss\":" + number + ",\"local_accuracy\":null},"
                        + "\\{\"name\":\"out\",\"local_loss\":" + number + ",\"local_accuracy\":" + number + "}]}"),
                        backend + ": " + line);
            }
            CliRun text = trainOnSample(file, "--backend", backend);
            assertEquals(0, text.status(), text.err());
            assertTrue(epochLines(text).lines().allMatch(l -> l.matches("epoch [12]/2  test .*  fc1 loss " + number
                    + " acc -  fc2 loss " + number + " acc -  out loss [0-9.]+ acc [0-9.]+%")), backend + ": " + text.out());
            // A checkpoint holds no reports: a run resumed from one reports the same as one never stopped.
            Path checkpoint = dir.resolve(backend + ".ckpt");
            CliRun first = trainOnSample(file, "--json", "--backend", backend, "--epochs", "1", "--checkpoint",
                    checkpoint.toString());
            assertEquals(0, first.status(), first.err());
            CliRun rest = trainOnSample(file, "--json", "--backend", backend, "--resume", checkpoint.toString());
            assertEquals(0, rest.status(), rest.err());
            assertEquals(untimed(lines.get(1)), untimed(rest.out().strip()), backend);
        }
    }

    /** A JSON line without its timings, which differ from run to run. */
    private static String untimed(final String line) {
        return line.replaceAll("\"images_per_second\":[0-9.eE+-]+,\"train_seconds\":[0-9.eE+-]+", "");
    }

    @Test
    void classesThatDisagreeWithTheDataAreAnErrorAtTheDataLine() throws IOException {
        for (int classes : new int[] {5, 20}) {
            Path file = write("classes" + classes + ".locus", small(classes, "local_error", "epochs 1"));
            CliRun run = trainOnSample(file);
            assertEquals(1, run.status(), run.err());
            assertTrue(run.err().endsWith("locus train: " + file + ":9:5: data fashion_mnist has 10 classes "
                    + "(labels 0..9) but network Small has classes " + classes + "\n"), run.err());
            assertEquals("", run.out());
        }
        idx("train-images", "train-labels", 48, 1);
        idx("test-images", "test-labels", 20, 2);
        Path idxFile = write("idx5.locus", train(IDX).replace("classes 3", "classes 5"));
        CliRun run = CliRun.of("train", idxFile.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("locus train: " + idxFile + ":9:5: data idx(" + dir.resolve("train-images") + ") has 3 classes "
                + "(labels 0..2) but network Tiny has classes 5\n", run.err());
        Path shape = write("shape.locus", train(IDX).replace("[1, 6, 6]", "[1, 5, 5]"));
        CliRun wrongShape = CliRun.of("train", shape.toString());
        assertEquals(1, wrongShape.status(), wrongShape.err());
        assertEquals("locus train: " + shape + ":9:5: data idx(" + dir.resolve("train-images") + ") has samples of "
                + "[1, 6, 6] but network Tiny takes input [1, 5, 5]\n", wrongShape.err());
    }

    @Test
    void aModelLargerThanTheHeapIsRefusedWithItsSizeAndHowToGiveJavaMore() throws IOException {
        idx("train-images", "train-labels", 48, 1);
        idx("test-images", "test-labels", 20, 2);
        // 40,000 x 40,000 weights: 1.6e9 values, 12.8 GB as doubles before any optimizer state.
        String text = train(IDX).replace("dense(8)", "dense(40000)").replace("dense(6)", "dense(40000)");
        Path file = write("huge.locus", text);
        CliRun run = CliRun.of("train", file.toString(), "--json", "--backend", "interp");
        assertEquals(1, run.status(), run.err());
        Diagnostics d = new Diagnostics();
        TrainingPlan plan = FrontEnd.check(file, d).orElseThrow().plans().get(0);
        MemoryEstimate m = new InterpreterBackend().memory(Compilation.lower(plan), 8);
        long data = DataLoader.load(new DataSource.IdxFiles("train-images", "train-labels", "test-images",
                "test-labels"), DataSearchPath.standard(null), dir, s -> { }).heapBytes();
        long needed = m.total() + data;
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(String.format(Locale.ROOT, "locus train: %s:8:1: network Tiny needs about %,d bytes (%.1f GiB) "
                + "to train on the interp backend (parameters %,d, optimizer state %,d, one step's values for a batch of 8 "
                + "%,d, data %,d), more than the Java heap's %,d bytes (%.1f GiB); give Java more memory, e.g. "
                + "LOCUS_JAVA_OPTS=-Xmx%dg bin/locus train ... (or java -Xmx%dg when running java yourself), or make "
                + "the network or the batch smaller%n", file, needed, needed / GIB, m.parameters(), m.optimizerState(),
                m.stepValues(), data, max, max / GIB, (long) Math.ceil(needed / 4 * 5 / GIB),
                (long) Math.ceil(needed / 4 * 5 / GIB)), run.err());
        // Adam keeps two doubles per parameter value and a step count per parameter; the parameters take a
        // double and two float copies each.
        long values = 36L * 40000 + 40000 + 40000L * 40000 + 40000 + 40000L * 3 + 3;
        assertEquals(16 * values, m.parameters());
        assertEquals(16 * values + 8 * 6, m.optimizerState());
        assertEquals("", run.out());
        assertTrue(help().contains("a run that needs more memory than the Java heap has is refused with its size; "
                + "give Java more with LOCUS_JAVA_OPTS=-Xmx8g bin/locus train ..."), help());
    }

    private static final double GIB = 1L << 30;

    @Test
    void dataGivenForATrainBlockWithItsOwnIdxFilesIsSaidToBeUnused() throws IOException {
        idx("train-images", "train-labels", 48, 1);
        idx("test-images", "test-labels", 20, 2);
        Path file = write("tiny.locus", train(IDX));
        CliRun run = CliRun.of("train", file.toString(), "--data", dir.toString(), "--epochs", "1", "--json");
        assertEquals(0, run.status(), run.err());
        assertEquals("locus train: " + file + ":9:5: --data " + dir + " is not used: the train block of Tiny reads its "
                + "own idx(...) files\n", run.err());
    }

    @Test
    void aValueTooLargeForOneJavaArrayIsRefusedNamingIt() throws IOException {
        idx("train-images", "train-labels", 48, 1);
        idx("test-images", "test-labels", 20, 2);
        Path file = write("wide.locus", train(IDX).replace("batch     8", "batch     100000000"));
        CliRun run = CliRun.of("train", file.toString());
        assertEquals(1, run.status(), run.err());
        TrainingPlan plan = FrontEnd.check(file, new Diagnostics()).orElseThrow().plans().get(0);
        MemoryEstimate m = new JvmBackend().memory(Compilation.lower(plan), 100_000_000);
        assertEquals(String.format(Locale.ROOT, "locus train: %s:8:1: network Tiny cannot be trained on the "
                + "jvm backend: its value `%s` would hold %,d numbers, more than one Java array holds (2,147,483,639); "
                + "make the network or the batch smaller%n", file, m.largest(), m.largestValues()), run.err());
        assertEquals(100_000_000L * 36, m.largestValues(), "the batch of 6 x 6 images is the largest value");
    }

    @Test
    void runningOutOfMemoryIsAUserErrorWithAdviceNotAnInternalError() {
        Command greedy = new Command() {
            @Override
            public String name() {
                return "train";
            }

            @Override
            public String summary() {
                return "runs out of memory";
            }

            @Override
            public String arguments() {
                return "";
            }

            @Override
            public Options options() {
                return new Options();
            }

            @Override
            public int run(final CommandLine line, final PrintStream out, final PrintStream err) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(List.of(greedy)).run(new String[] {"train"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(1, status);
        assertEquals(String.format(Locale.ROOT, "locus train: out of memory: this run needs more than the Java heap's "
                + "%,d bytes (%.1f GiB); give Java more memory, e.g. LOCUS_JAVA_OPTS=-Xmx%dg bin/locus train ... (or "
                + "java -Xmx%dg when running java yourself)%n", max, max / GIB, (long) Math.ceil(2 * max / GIB),
                (long) Math.ceil(2 * max / GIB)), err.toString(StandardCharsets.UTF_8));
    }
}
