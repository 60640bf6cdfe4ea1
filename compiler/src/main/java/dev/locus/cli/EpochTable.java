package dev.locus.cli;

import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.LayerReport;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What a terminal shows after each epoch: a line with the test accuracy, the speed and the time,
 * then a table of every layer's local loss and the accuracy of its fixed classifier on the
 * epoch's training samples ({@code -} for a layer without a loss of its own, and for the accuracy
 * of a layer whose loss judges no class scores):
 * <pre>
 * epoch 2/5  test 84.21%  4123 img/s  1.42 s
 *   layer  local loss  local accuracy
 *   fc1        0.4312          85.10%
 *   fc2             -               -
 *   out        0.6021          80.00%
 * </pre>
 * Under {@code schedule layerwise} the first line ends with the layers that trained.
 */
final class EpochTable {
    private static final String LOSS = "local loss";
    private static final String ACCURACY = "local accuracy";

    private EpochTable() {
    }

    static String of(final EpochReport report) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  test %.2f%%  %.0f img/s  %s",
                report.epoch(), report.epochs(), 100 * report.testAccuracy(), report.imagesPerSecond(),
                Durations.spoken(report.trainSeconds())));
        if (report.trained().size() < report.layers().size()) {
            out.append("  (training ").append(String.join(", ", report.trained())).append(')');
        }
        int name = "layer".length();
        for (LayerReport layer : report.layers()) {
            name = Math.max(name, layer.name().length());
        }
        String row = "%n  %-" + name + "s  %" + LOSS.length() + "s  %" + ACCURACY.length() + "s";
        out.append(String.format(Locale.ROOT, row, "layer", LOSS, ACCURACY));
        for (LayerReport layer : report.layers()) {
            out.append(String.format(Locale.ROOT, row, layer.name(), text(layer.localLoss(), "%.4f", 1),
                    text(layer.localAccuracy(), "%.2f%%", 100)));
        }
        return out.toString();
    }

    private static String text(final OptionalDouble value, final String format, final double scale) {
        return value.isPresent() ? String.format(Locale.ROOT, format, scale * value.getAsDouble()) : "-";
    }
}
