package dev.locus.cli;

import java.util.Locale;

/** Times as people read them on a progress bar and in a summary. */
final class Durations {
    private Durations() {
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}: whole seconds, rounded down. */
    static String clock(final double seconds) {
        long s = (long) Math.max(0, seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** {@code 0.42 s}, {@code 12.3 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
    static String spoken(final double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }
}
