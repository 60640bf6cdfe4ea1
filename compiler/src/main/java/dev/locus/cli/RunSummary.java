package dev.locus.cli;

import dev.locus.runtime.train.EpochReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a train block's run came to, printed when it ends (or is stopped):
 * <pre>
 * summary of SmallMLP under local_error
 *   test accuracy  best 81.67% (epoch 5), final 81.67% (epoch 5)
 *   time           5 epochs in 14.2 s; training 7.3 s, 4113 img/s
 *   data           fashion_mnist (6000 training, 10000 test images): ...train-images... + ...
 *   checkpoint     run.ckpt (after epoch 5)
 * </pre>
 * The time counts everything from the first batch to the end (test passes and checkpoints too);
 * the speed only the training steps of the finished epochs.
 */
final class RunSummary {
    /** Where a run stopped early: in epoch {@code epoch}, after {@code batches} of its {@code steps}. */
    record Stop(int epoch, int epochs, int batches, int steps) {
    }

    private final String network;
    private final String rule;
    private final String data;
    private final Optional<Path> checkpoint;
    private final List<EpochReport> epochs = new ArrayList<>();

    RunSummary(final String network, final String rule, final String data, final Optional<Path> checkpoint) {
        this.network = Objects.requireNonNull(network);
        this.rule = Objects.requireNonNull(rule);
        this.data = Objects.requireNonNull(data);
        this.checkpoint = Objects.requireNonNull(checkpoint);
    }

    void add(final EpochReport report) {
        epochs.add(report);
    }

    List<EpochReport> epochs() {
        return List.copyOf(epochs);
    }

    /** The summary's lines; {@code stop} when the run was stopped before its end. */
    String text(final double wallSeconds, final Optional<Stop> stop) {
        StringBuilder out = new StringBuilder("summary of " + network + " under " + rule);
        if (stop.isPresent()) {
            Stop s = stop.get();
            out.append(String.format(Locale.ROOT, "%n  %-13s  by Ctrl-C in epoch %d of %d, after batch %d of %d",
                    "stopped", s.epoch(), s.epochs(), s.batches(), s.steps()));
        }
        row(out, "test accuracy", accuracy());
        double trainSeconds = epochs.stream().mapToDouble(EpochReport::trainSeconds).sum();
        double images = epochs.stream().mapToDouble(r -> r.imagesPerSecond() * r.trainSeconds()).sum();
        row(out, "time", String.format(Locale.ROOT, "%d epoch%s in %s%s", epochs.size(), epochs.size() == 1 ? "" : "s",
                Durations.spoken(wallSeconds), epochs.isEmpty() ? ""
                        : String.format(Locale.ROOT, "; training %s, %.0f img/s", Durations.spoken(trainSeconds),
                        images / trainSeconds)));
        row(out, "data", data);
        row(out, "checkpoint", checkpoint(stop));
        return out.toString();
    }

    private String accuracy() {
        if (epochs.isEmpty()) {
            return "none: no epoch finished";
        }
        EpochReport best = epochs.get(0);
        for (EpochReport r : epochs) {
            if (r.testAccuracy() > best.testAccuracy()) {
                best = r;
            }
        }
        EpochReport last = epochs.get(epochs.size() - 1);
        return String.format(Locale.ROOT, "best %.2f%% (epoch %d), final %.2f%% (epoch %d)", 100 * best.testAccuracy(),
                best.epoch(), 100 * last.testAccuracy(), last.epoch());
    }

    private String checkpoint(final Optional<Stop> stop) {
        if (checkpoint.isEmpty()) {
            return "none (--checkpoint FILE writes one)";
        }
        if (stop.isPresent()) {
            Stop s = stop.get();
            return checkpoint.get() + " (when stopped: after epoch " + (s.epoch() - 1) + (s.batches() == 0 ? ")"
                    : String.format(Locale.ROOT, " and %d batch%s of epoch %d)", s.batches(),
                    s.batches() == 1 ? "" : "es", s.epoch()));
        }
        if (epochs.isEmpty()) {
            return "none written: no epoch finished";
        }
        return checkpoint.get() + " (after epoch " + epochs.get(epochs.size() - 1).epoch() + ")";
    }

    private static void row(final StringBuilder out, final String name, final String value) {
        out.append(String.format(Locale.ROOT, "%n  %-13s  %s", name, value));
    }
}
