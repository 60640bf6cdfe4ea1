package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.runtime.train.BatchProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bar drawn during an epoch on a terminal: its exact text, and how often it is redrawn. */
class ProgressBarTest {
    private static final List<String> LAYERS = List.of("fc1", "fc2", "out");
    private static final List<OptionalDouble> LOSSES = List.of(OptionalDouble.of(0.43121), OptionalDouble.empty(),
            OptionalDouble.of(1.5));

    private static BatchProgress progress(final int step, final int steps, final int samples, final double seconds) {
        return new BatchProgress(2, 5, 0, step, steps, samples, seconds, LOSSES);
    }

    @Test
    void theLineSaysBatchesSpeedElapsedRemainingAndTheRunningLosses() {
        // 120 of 469 batches of 64 in 2 s: 3840 img/s; 349 batches left at 1/60 s each is 5.8 s, shown as 0:05.
        assertEquals("epoch 2/5 [###---------]  120/469  3840 img/s  0:02 < 0:05  fc1 0.4312  fc2 -  out 1.5000",
                ProgressBar.line(progress(120, 469, 7680, 2.0), LAYERS, 200));
        assertEquals("epoch 2/5 [############]  469/469  4000 img/s  1:15 < 0:00  fc1 0.4312  fc2 -  out 1.5000",
                ProgressBar.line(progress(469, 469, 300_000, 75.0), LAYERS, 200));
        assertEquals("epoch 2/5 [------------]    1/469  0 img/s  0:00 < 0:00  fc1 0.4312  fc2 -  out 1.5000",
                ProgressBar.line(progress(1, 469, 64, 0.0), LAYERS, 200));
        // Past an hour the clock shows hours.
        assertEquals("epoch 2/5 [#-----------]  1/9  0 img/s  1:01:01 < 8:08:08  fc1 0.4312  fc2 -  out 1.5000",
                ProgressBar.line(progress(1, 9, 64, 3661.0), LAYERS, 200));
    }

    @Test
    void anEpochResumedInItsMiddleCountsItsSpeedAndTimeLeftFromTheBatchesItTrained() {
        // Resumed after batch 100: 20 batches of 64 in 2 s is 640 img/s; 349 batches left at 0.1 s each is 0:34.
        assertEquals("epoch 2/5 [###---------]  120/469  640 img/s  0:02 < 0:34  fc1 0.4312  fc2 -  out 1.5000",
                ProgressBar.line(new BatchProgress(2, 5, 100, 120, 469, 1280, 2.0, LOSSES), LAYERS, 200));
    }

    @Test
    void aLineWiderThanTheTerminalIsCutSoThatItCanBeRedrawnInPlace() {
        String line = ProgressBar.line(progress(120, 469, 7680, 2.0), LAYERS, 40);
        assertEquals("epoch 2/5 [###---------]  120/469  3840", line);
        assertEquals(39, line.length());
    }

    @Test
    void itRedrawsAtMostFiveTimesASecondButAlwaysTheLastBatchAndClearsItself() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(out, LAYERS, 200, now::get);
        for (int step = 1; step <= 10; step++) {
            now.set(step * 50_000_000L); // a batch every 50 ms
            bar.update(progress(step, 10, step * 64, step * 0.05));
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        // Drawn at batch 1 (the first), 5 (200 ms later), 9 (200 ms later) and 10 (the last).
        assertEquals(4, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertEquals(List.of("", "epoch 2/5 [#-----------]   1/10", "epoch 2/5 [######------]   5/10",
                        "epoch 2/5 [##########--]   9/10", "epoch 2/5 [############]  10/10"),
                List.of(drawn.split("\r")).stream().map(s -> s.length() > 31 ? s.substring(0, 31) : s).toList());
        bytes.reset();
        bar.clear();
        String cleared = bytes.toString(StandardCharsets.UTF_8);
        int width = ProgressBar.line(progress(10, 10, 640, 0.5), LAYERS, 200).length();
        assertEquals("\r" + " ".repeat(width) + "\r", cleared);
    }
}
