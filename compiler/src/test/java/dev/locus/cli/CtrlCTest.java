package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.TrainingPosition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a real `locus train` process (a signal cannot be sent to the test's own JVM without
 * stopping it): the batch in hand is finished, the checkpoint written at that batch, the summary
 * printed, and the exit status is 130; a run resumed from the checkpoint goes on as if never stopped.
 */
class CtrlCTest {
    @TempDir
    Path dir;

    @Test
    void sigintFinishesTheBatchWritesTheCheckpointPrintsTheSummaryAndExits130AndTheRunResumesExactly() throws Exception {
        Path file = TinyProgram.write(dir, "local_error", "adam(lr: 0.01)", 100_000, 2000);
        Path checkpoint = dir.resolve("run.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", file.toString(),
                "--checkpoint", checkpoint.toString())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading failed: " + e + ")");
            }
        });
        reader.start();
        try {
            // The first epoch's line: the handler is in place and training is under way.
            String first = lines.poll(120, TimeUnit.SECONDS);
            assertTrue(first != null && first.matches("epoch +1/100000  test .*"), first + "; standard error: "
                    + Files.readString(dir.resolve("err.txt")));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -INT");
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "locus train did not stop after SIGINT");
            reader.join(10_000);
            String err = Files.readString(dir.resolve("err.txt"));
            assertEquals(130, p.exitValue(), err);
            List<String> out = new ArrayList<>(List.of(first));
            lines.drainTo(out);
            int summary = out.indexOf("summary of Tiny under local_error");
            assertTrue(summary > 0, String.join("\n", out));
            String stopped = out.get(summary + 1);
            assertTrue(stopped.matches("  stopped        by Ctrl-C in epoch [0-9]+ of 100000, after batch [0-9]+ of 250"),
                    stopped);
            int epoch = Integer.parseInt(stopped.replaceAll(".* in epoch ([0-9]+) .*", "$1"));
            assertEquals(epoch - 1, out.stream().filter(l -> l.startsWith("epoch ")).count(),
                    "the epochs finished before the stop were all printed");
            assertTrue(out.get(out.size() - 1).startsWith("  checkpoint     " + checkpoint + " (when stopped: after epoch "
                    + (epoch - 1)), out.get(out.size() - 1));
            int batch = Integer.parseInt(stopped.replaceAll(".* after batch ([0-9]+) of .*", "$1"));
            Checkpoint read = CheckpointFile.read(checkpoint);
            assertEquals("Tiny", read.provenance().network());
            assertEquals(new TrainingPosition(epoch - 1, batch), read.position(), "the batches done are in it");
            assertTrue(!err.contains("Exception"), err);
            // Resumed to the end of the epoch it stopped in, it ends as a run never stopped does: every byte.
            Path whole = dir.resolve("whole.ckpt");
            Path rest = dir.resolve("rest.ckpt");
            CliRun uninterrupted = CliRun.of("train", file.toString(), "--epochs", Integer.toString(epoch), "--quiet",
                    "--checkpoint", whole.toString());
            assertEquals(0, uninterrupted.status(), uninterrupted.err());
            CliRun resumed = CliRun.of("train", file.toString(), "--epochs", Integer.toString(epoch), "--quiet",
                    "--resume", checkpoint.toString(), "--checkpoint", rest.toString());
            assertEquals(0, resumed.status(), resumed.err());
            assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(rest));
        } finally {
            p.destroyForcibly();
        }
    }
}
