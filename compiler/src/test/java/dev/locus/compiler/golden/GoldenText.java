package dev.locus.compiler.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of a {@code .expected} file: a trace in a form a reviewer reads and diffs. Per step,
 * each layer's local loss (6 significant digits) and correct count, the sum and the sum of
 * squares of every parameter, and the probe's predicted classes with the sum and the sum of
 * squares of its scores; after the last step, the probe's scores in full.
 */
final class GoldenText {
    /**
     * Two numbers of the text match when they differ by at most this, relative to the larger: a
     * little more than the rounding of 6 significant digits, so that a last digit that flips on a
     * rounding boundary is no failure, and anything a real change makes is.
     */
    static final double RELATIVE = 2e-6;
    static final double NOISE = 1e-9;
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|NaN|-?Infinity");

    private GoldenText() {
    }

    static String of(final String program, final Trace trace, final SyntheticData data, final String shape,
                     final int classes, final int batch) {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(program).append(".locus trained on backend ").append(trace.backend())
                .append("; regenerate with -Dgolden.update=true\n");
        int last = data.count() % batch == 0 ? batch : data.count() % batch;
        s.append("# data: ").append(data.count()).append(" synthetic samples of ").append(shape).append(", ")
                .append(classes).append(" classes, batches of ").append(batch).append(" (the last of ").append(last)
                .append("); probe of ").append(data.probeCount()).append('\n');
        int n = 0;
        for (Trace.Step step : trace.steps()) {
            n++;
            s.append("step ").append(n).append(" epoch ").append(step.epoch()).append(" batch ").append(step.count())
                    .append(" trains ").append(String.join(" ", step.trained())).append('\n');
            for (int layer = 0; layer < step.layers().size(); layer++) {
                s.append("  ").append(step.layers().get(layer));
                if (Double.isNaN(step.loss()[layer])) {
                    s.append(" no local loss\n");
                } else {
                    s.append(" loss ").append(number(step.loss()[layer])).append(" correct ")
                            .append(step.correct()[layer]).append('\n');
                }
            }
            for (Map.Entry<String, float[]> p : step.parameters().entrySet()) {
                double sum = 0;
                double squares = 0;
                for (float v : p.getValue()) {
                    sum += v;
                    squares += (double) v * v;
                }
                s.append("  ").append(p.getKey()).append(" sum ").append(number(sum)).append(" sumsq ")
                        .append(number(squares)).append('\n');
            }
            double sum = 0;
            double squares = 0;
            for (double v : step.scores()) {
                sum += v;
                squares += v * v;
            }
            s.append("  probe predicted");
            for (int c : step.predicted()) {
                s.append(' ').append(c);
            }
            s.append(" scores sum ").append(number(sum)).append(" sumsq ").append(number(squares)).append('\n');
        }
        Trace.Step end = trace.last();
        int perSample = end.scores().length / end.predicted().length;
        s.append("probe scores after step ").append(n).append('\n');
        for (int i = 0; i < end.predicted().length; i++) {
            s.append("  ").append(i).append(':');
            for (int c = 0; c < perSample; c++) {
                s.append(' ').append(number(end.scores()[i * perSample + c]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Below {@link #NOISE} in magnitude a number is written as 0: there it is rounding noise (the
     * bias before a batch norm, whose true gradient is zero, moves by 1e-12), whose digits depend
     * on the last bit of {@code Math.exp}, which the Java platform lets vary.
     */
    static String number(final double v) {
        if (Math.abs(v) < NOISE) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * The first line on which {@code actual} differs from {@code expected} (words equal, numbers
     * within {@link #RELATIVE}), as "line N: expected ... but was ...", or null when they match.
     */
    static String firstDifference(final String expected, final String actual) {
        List<String> e = lines(expected);
        List<String> a = lines(actual);
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String el = i < e.size() ? e.get(i) : "<end of file>";
            String al = i < a.size() ? a.get(i) : "<end of file>";
            if (!lineMatches(el, al)) {
                return "line " + (i + 1) + ": expected\n  " + el + "\nbut was\n  " + al;
            }
        }
        return null;
    }

    private static List<String> lines(final String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static boolean lineMatches(final String expected, final String actual) {
        String[] e = expected.strip().split("\\s+");
        String[] a = actual.strip().split("\\s+");
        if (e.length != a.length) {
            return false;
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i].equals(a[i])) {
                continue;
            }
            if (!NUMBER.matcher(e[i]).matches() || !NUMBER.matcher(a[i]).matches()) {
                return false;
            }
            double x = Double.parseDouble(e[i]);
            double y = Double.parseDouble(a[i]);
            if (!(Math.abs(x - y) <= RELATIVE * Math.max(Math.abs(x), Math.abs(y)))) {
                return false;
            }
        }
        return true;
    }
}
