package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.kernel.KernelPool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `locus train` shows while it trains and when it ends, through the command line. */
class TrainProgressTest {
    @TempDir
    Path dir;

    private static final String ADAM = "adam(lr: 0.01)";

    /** `locus train` as on a terminal of 200 columns. */
    private static CliRun onTerminal(final String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Main(List.of(new TrainCommand(Terminal.fixed(true, 200)))).run(args, o, e);
        }
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void notOnATerminalEachEpochIsOnePlainLineAndTheSummaryFollows() throws IOException {
        Path file = TinyProgram.write(dir, "local_error", ADAM, 3, 48);
        Path checkpoint = dir.resolve("run.ckpt");
        CliRun run = CliRun.of("train", file.toString(), "--checkpoint", checkpoint.toString());
        assertEquals(0, run.status(), run.err());
        assertFalse(run.out().contains("\r"), "no bar when not on a terminal");
        List<String> lines = run.out().lines().toList();
        assertEquals(3 + 5, lines.size(), run.out());
        for (int e = 1; e <= 3; e++) {
            assertTrue(lines.get(e - 1).matches("epoch " + e + "/3  test +[0-9.]+%  +[0-9]+ img/s +[0-9.]+ s  "
                    + "fc1 loss [0-9.]+ acc [0-9.]+%  fc2 loss [0-9.]+ acc [0-9.]+%  out loss [0-9.]+ acc [0-9.]+%"),
                    lines.get(e - 1));
        }
        assertEquals("summary of Tiny under local_error", lines.get(3));
        assertTrue(lines.get(4).matches("  test accuracy  best [0-9.]+% \\(epoch [123]\\), final [0-9.]+% \\(epoch 3\\)"),
                lines.get(4));
        assertTrue(lines.get(5).matches("  time           3 epochs in [0-9.]+ s; training [0-9.]+ s, [0-9]+ img/s"),
                lines.get(5));
        assertEquals("  data           idx(" + dir.resolve("train-images") + ") (48 training, 20 test images) from " + dir,
                lines.get(6));
        assertEquals("  checkpoint     " + checkpoint + " (after epoch 3)", lines.get(7));
        assertEquals(new TrainingPosition(3, 0), CheckpointFile.read(checkpoint).position());
    }

    @Test
    void onATerminalABarIsRedrawnInPlaceAndEachEpochEndsWithItsTable() throws IOException {
        Path file = TinyProgram.write(dir, "backprop", ADAM, 2, 48);
        CliRun run = onTerminal("train", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("\repoch 1/2 [##----------]  1/6  "), run.out());
        assertTrue(run.out().contains("\repoch 1/2 [############]  6/6  "), "the last batch is always drawn: "
                + run.out());
        assertTrue(run.out().contains("  fc1 -  fc2 -  out "), "no loss of their own under backprop: " + run.out());
        // After the bar, wiped, the epoch's table.
        String table = run.out().substring(run.out().lastIndexOf('\r') + 1);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).matches("epoch 2/2  test [0-9.]+%  [0-9]+ img/s  [0-9.]+ s"), lines.get(0));
        assertEquals("  layer  local loss  local accuracy", lines.get(1));
        assertEquals("  fc1             -               -", lines.get(2));
        assertEquals("  fc2             -               -", lines.get(3));
        assertTrue(lines.get(4).matches("  out        [0-9]\\.[0-9]{4} +[0-9.]+%"), lines.get(4));
        assertEquals("summary of Tiny under backprop", lines.get(5));
        assertEquals("  checkpoint     none (--checkpoint FILE writes one)", lines.get(lines.size() - 1));
    }

    @Test
    void quietPrintsOnlyTheSummary() throws IOException {
        Path file = TinyProgram.write(dir, "local_error", ADAM, 2, 48);
        CliRun run = onTerminal("train", file.toString(), "--quiet");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("summary of Tiny under local_error\n  test accuracy  best "), run.out());
        assertEquals(5, run.out().lines().count(), run.out());
        assertEquals("", run.err(), "no line saying what is trained either");
    }

    @Test
    void jsonAndQuietDoNotGoTogether() throws IOException {
        Path file = TinyProgram.write(dir, "local_error", ADAM, 1, 16);
        CliRun run = CliRun.of("train", file.toString(), "--json", "--quiet");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("locus train: --json and --quiet cannot go together: --json already prints "
                + "nothing but its lines on standard output\nusage: locus train "), run.err());
    }

    @Test
    void threadsSetsTheKernelPoolAndABadCountIsBadUsage() throws IOException {
        Path file = TinyProgram.write(dir, "local_error", ADAM, 1, 16);
        for (String bad : List.of("0", "-2", "many", "1.5", "1025")) {
            CliRun run = CliRun.of("train", file.toString(), "--threads", bad);
            assertEquals(2, run.status(), bad + ": " + run.err());
            assertTrue(run.err().startsWith("locus train: --threads takes a whole number from 1 to 1024, got `" + bad
                    + "`\nusage: locus train "), run.err());
            assertEquals("", run.out());
        }
        try {
            CliRun one = CliRun.of("train", file.toString(), "--threads", "1", "--json");
            assertEquals(0, one.status(), one.err());
            assertEquals(1, KernelPool.shared().threads());
            CliRun all = CliRun.of("train", file.toString(), "--json");
            assertEquals(0, all.status(), all.err());
            assertEquals(Runtime.getRuntime().availableProcessors(), KernelPool.shared().threads(),
                    "by default every core");
            String timing = "\"images_per_second\":[0-9.eE-]+,\"train_seconds\":[0-9.eE-]+";
            assertEquals(one.out().replaceAll(timing, ""), all.out().replaceAll(timing, ""),
                    "the thread count changes the speed, not the numbers");
        } finally {
            KernelPool.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void aLossThatBlowsUpStopsTrainingNamingLayerAndStepAndTheCheckpointThereIsKept() throws IOException {
        Path good = TinyProgram.write(dir, "local_error", ADAM, 1, 48);
        Path checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", good.toString(), "--checkpoint", checkpoint.toString()).status());
        byte[] saved = Files.readAllBytes(checkpoint);
        Path bad = TinyProgram.write(dir, "local_error", "sgd(lr: 1e30)", 3, 48);
        CliRun run = CliRun.of("train", bad.toString(), "--checkpoint", checkpoint.toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().matches("(?s).*locus train: training diverged: layer `\\w+` has (a NaN|an infinite) local "
                + "loss at epoch 1, step [0-9] of 6; try a smaller learning rate\\. No epoch had finished, so no "
                + "checkpoint was written to " + java.util.regex.Pattern.quote(checkpoint.toString()) + "\\.\n"),
                run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertTrue(run.out().startsWith("summary of Tiny under local_error\n  test accuracy  none: no epoch finished\n"),
                run.out());
        assertArrayEquals(saved, Files.readAllBytes(checkpoint), "the checkpoint of the good run is untouched");
        assertEquals("Tiny", CheckpointFile.read(checkpoint).provenance().network());
    }
}
