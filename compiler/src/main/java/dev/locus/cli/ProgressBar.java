package dev.locus.cli;

import dev.locus.runtime.train.BatchProgress;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The bar of one epoch on a terminal, redrawn in place with a carriage return at most five times
 * a second (and always at the last batch), so that drawing never costs training time:
 * <pre>epoch 2/5 [###---------]  120/469  4123 img/s  0:03 &lt; 0:08  fc1 0.4312  fc2 -  out 0.6021</pre>
 * batches done of the epoch's, images a second, elapsed &lt; estimated time left, and each layer's
 * running local loss ({@code -} for a layer without one). A line wider than the terminal is cut,
 * because a wrapped line cannot be redrawn.
 */
final class ProgressBar {
    static final int CELLS = 12;
    static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final List<String> layers;
    private final int columns;
    private final LongSupplier clock;
    private long lastDraw;
    private int drawnWidth;

    ProgressBar(final PrintStream out, final List<String> layers, final int columns, final LongSupplier clock) {
        this.out = out;
        this.layers = List.copyOf(layers);
        this.columns = columns;
        this.clock = clock;
    }

    /** Redraws the bar if the last drawing is old enough, or if the epoch's last batch is done. */
    void update(final BatchProgress progress) {
        long now = clock.getAsLong();
        if (drawnWidth > 0 && progress.step() < progress.steps() && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = line(progress, layers, columns);
        // Spaces over what is left of a longer previous line.
        out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        out.flush();
        drawnWidth = Math.max(line.length(), 1);
    }

    /** Wipes the bar, leaving the cursor at the start of its line for what follows. */
    void clear() {
        if (drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            out.flush();
            drawnWidth = 0;
        }
    }

    /** The bar's text for these counters, at most {@code columns - 1} characters. */
    static String line(final BatchProgress p, final List<String> layers, final int columns) {
        int filled = (int) ((long) CELLS * p.step() / p.steps());
        int width = Integer.toString(p.steps()).length();
        double rate = p.seconds() > 0 ? p.samples() / p.seconds() : 0;
        // A run resumed in the middle of the epoch has timed only the batches since it took the epoch up.
        int timed = p.step() - p.firstStep();
        double left = timed > 0 ? p.seconds() / timed * (p.steps() - p.step()) : 0;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d [%s%s]  %" + width + "d/%d  %.0f img/s  %s < %s",
                p.epoch(), p.epochs(), "#".repeat(filled), "-".repeat(CELLS - filled), p.step(), p.steps(), rate,
                Durations.clock(p.seconds()), Durations.clock(left)));
        for (int layer = 0; layer < layers.size(); layer++) {
            OptionalDouble loss = p.runningLoss().get(layer);
            s.append("  ").append(layers.get(layer)).append(' ')
                    .append(loss.isPresent() ? String.format(Locale.ROOT, "%.4f", loss.getAsDouble()) : "-");
        }
        return s.length() < columns ? s.toString() : s.substring(0, Math.max(0, columns - 1));
    }
}
