package dev.locus.runtime.train;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The two ways an epoch is shown: one JSON object a line for tools ({@code train --json},
 * LANGUAGE.md section 8), and a line for people.
 */
public final class ReportFormat {
    private ReportFormat() {
    }

    /**
     * {@code {"network":"Mlp","epoch":1,"epochs":3,"phase":null,"test_accuracy":0.81,
     * "images_per_second":...,"train_seconds":...,"layers":[{"name":"fc1","local_loss":...,
     * "local_accuracy":...},...]}}, no newline. Under a layerwise schedule {@code phase} is
     * {@code {"layer":"fc2","index":2,"of":3}}; a layer without a loss of its own has
     * {@code null} loss and accuracy, and a layer with a loss but without a classifier (its rule
     * minimizes something other than a loss of class scores) has its loss and a {@code null}
     * accuracy.
     */
    public static String json(final EpochReport report) {
        final StringBuilder out = new StringBuilder(192 + 80 * report.layers().size());
        out.append("{\"network\":");
        string(out, report.network());
        out.append(",\"epoch\":").append(report.epoch())
            .append(",\"epochs\":").append(report.epochs())
            .append(",\"phase\":");
        if (report.phase().isPresent()) {
            final EpochReport.Phase phase = report.phase().get();
            out.append("{\"layer\":");
            string(out, phase.layer());
            out.append(",\"index\":").append(phase.index()).append(",\"of\":").append(phase.of()).append('}');
        } else {
            out.append("null");
        }
        out.append(",\"test_accuracy\":").append(number(report.testAccuracy()))
            .append(",\"images_per_second\":").append(number(report.imagesPerSecond()))
            .append(",\"train_seconds\":").append(number(report.trainSeconds()))
            .append(",\"layers\":[");
        for (int i = 0; i < report.layers().size(); i++) {
            final LayerReport layer = report.layers().get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"name\":");
            string(out, layer.name());
            out.append(",\"local_loss\":").append(number(layer.localLoss()))
                .append(",\"local_accuracy\":").append(number(layer.localAccuracy())).append('}');
        }
        return out.append("]}").toString();
    }

    /**
     * {@code epoch  3/10  test 84.21%  5123 img/s  11.7 s  [fc2]  fc1 loss 0.4312 acc 85.10%  ...}:
     * the bracket lists the layers that trained, shown only when not all did (layerwise); a layer
     * without a loss of its own shows {@code loss - acc -}, one without a classifier
     * {@code loss 0.4312 acc -}.
     */
    public static String progress(final EpochReport report) {
        final StringBuilder out = new StringBuilder();
        final int width = Integer.toString(report.epochs()).length();
        out.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d  test %6.2f%%  %8.0f img/s  %7.2f s",
            report.epoch(), report.epochs(), 100 * report.testAccuracy(), report.imagesPerSecond(),
            report.trainSeconds()));
        if (report.trained().size() < report.layers().size()) {
            out.append("  [").append(String.join(", ", report.trained())).append(']');
        }
        for (final LayerReport layer : report.layers()) {
            out.append("  ").append(layer.name())
                .append(" loss ").append(text(layer.localLoss(), "%.4f", 1))
                .append(" acc ").append(text(layer.localAccuracy(), "%.2f%%", 100));
        }
        return out.toString();
    }

    private static String text(final OptionalDouble value, final String format, final double scale) {
        return value.isPresent() ? String.format(Locale.ROOT, format, scale * value.getAsDouble()) : "-";
    }

    /** A finite double in JSON's syntax (Java's shortest round-trip form is valid JSON), or null if absent. */
    private static String number(final OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "null";
    }

    private static String number(final double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value + "; a report must hold finite numbers");
        }
        return Double.toString(value);
    }

    private static void string(final StringBuilder out, final String text) {
        dev.locus.runtime.JsonText.appendQuoted(out, text);
    }
}
