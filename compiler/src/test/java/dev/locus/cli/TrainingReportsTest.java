package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.LayerReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The epoch's table on a terminal and the summary at the end of a run, to the character. */
class TrainingReportsTest {
    private static EpochReport epoch(final int epoch, final double test, final double seconds) {
        return new EpochReport("Tiny", epoch, 3, Optional.empty(), List.of("fc1", "hidden2", "out"), test, 6000 / seconds,
                seconds, List.of(LayerReport.local("fc1", 0.43121, 0.851), LayerReport.propagating("hidden2"),
                LayerReport.local("out", 1.25, 0.5)));
    }

    @Test
    void theTableGivesEveryLayersLossAndAccuracyAndADashForALayerWithoutALoss() {
        assertEquals("""
                epoch 2/3  test 84.21%  4000 img/s  1.50 s
                  layer    local loss  local accuracy
                  fc1          0.4312          85.10%
                  hidden2           -               -
                  out          1.2500          50.00%""", EpochTable.of(epoch(2, 0.8421, 1.5)));
    }

    @Test
    void underLayerwiseTheTableSaysWhichLayerTrained() {
        EpochReport r = new EpochReport("Tiny", 1, 2, Optional.of(new EpochReport.Phase("fc1", 1, 2)), List.of("fc1"),
                0.5, 100, 12.25, List.of(LayerReport.local("fc1", 1, 0.5), LayerReport.local("out", 2, 0.25)));
        assertEquals("epoch 1/2  test 50.00%  100 img/s  12.3 s  (training fc1)", EpochTable.of(r).lines().findFirst()
                .orElseThrow());
    }

    @Test
    void theSummaryGivesTheBestAndFinalAccuracyTheTimeTheSpeedTheDataAndTheCheckpoint() {
        RunSummary s = new RunSummary("Tiny", "local_error", "fashion_mnist (6000 training, 10000 test images) from /d",
                Optional.of(Path.of("run.ckpt")));
        s.add(epoch(1, 0.80, 1.0));
        s.add(epoch(2, 0.85, 2.0));
        s.add(epoch(3, 0.84, 3.0));
        assertEquals("""
                summary of Tiny under local_error
                  test accuracy  best 85.00% (epoch 2), final 84.00% (epoch 3)
                  time           3 epochs in 1 min 15 s; training 6.00 s, 3000 img/s
                  data           fashion_mnist (6000 training, 10000 test images) from /d
                  checkpoint     run.ckpt (after epoch 3)""", s.text(75.2, Optional.empty()));
    }

    @Test
    void aStoppedRunSaysWhereItStoppedAndWhatTheCheckpointHolds() {
        RunSummary s = new RunSummary("Tiny", "backprop", "d", Optional.of(Path.of("run.ckpt")));
        s.add(epoch(1, 0.5, 2.0));
        assertEquals("""
                summary of Tiny under backprop
                  stopped        by Ctrl-C in epoch 2 of 3, after batch 17 of 94
                  test accuracy  best 50.00% (epoch 1), final 50.00% (epoch 1)
                  time           1 epoch in 3.50 s; training 2.00 s, 3000 img/s
                  data           d
                  checkpoint     run.ckpt (when stopped: after epoch 1 and 17 batches of epoch 2)""",
                s.text(3.5, Optional.of(new RunSummary.Stop(2, 3, 17, 94))));
        RunSummary none = new RunSummary("Tiny", "backprop", "d", Optional.empty());
        assertEquals("""
                summary of Tiny under backprop
                  stopped        by Ctrl-C in epoch 1 of 3, after batch 1 of 94
                  test accuracy  none: no epoch finished
                  time           0 epochs in 0.25 s
                  data           d
                  checkpoint     none (--checkpoint FILE writes one)""",
                none.text(0.25, Optional.of(new RunSummary.Stop(1, 3, 1, 94))));
    }
}
