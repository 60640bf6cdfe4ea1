package dev.locus.runtime.train;

import java.util.Locale;

/**
 * The two ways an epoch is shown: one JSON object a line for tools ({@code train --json},
 * LANGUAGE.md section 8), and a line for people.
 */
public final class ReportFormat {
    private ReportFormat() {
    }

    /**
     * {@code {"epoch":1,"test_accuracy":0.81,"images_per_second":...,"train_seconds":...,
     * "layers":[{"name":"fc1","local_loss":...,"local_accuracy":...},...]}}, no newline.
     */
    public static String json(final EpochReport report) {
        final StringBuilder out = new StringBuilder(128 + 80 * report.layers().size());
        out.append("{\"epoch\":").append(report.epoch())
            .append(",\"test_accuracy\":").append(number(report.testAccuracy()))
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
     * {@code epoch  3/10  test 84.21%  5123 img/s  11.7 s  [fc2]  fc1 0.4312 85.1%  fc2 ...}:
     * the bracket lists the layers that trained, shown only when not all did (layerwise).
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
            out.append(String.format(Locale.ROOT, "  %s loss %.4f acc %.2f%%", layer.name(), layer.localLoss(),
                100 * layer.localAccuracy()));
        }
        return out.toString();
    }

    /** A finite double in JSON's syntax (Java's shortest round-trip form is valid JSON). */
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
