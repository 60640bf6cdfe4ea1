package dev.locus.cli;

import org.apache.commons.cli.CommandLine;

/** The size of a picture in pixels: {@code --width} and {@code --height}, checked. */
final class PlotSize {
    static final int WIDTH = 900;
    static final int HEIGHT = 600;
    static final int SMALLEST = 100;
    static final int LARGEST = 10_000;

    private PlotSize() {
    }

    static int of(final CommandLine line, final String option, final int otherwise) throws UsageException {
        if (!line.hasOption(option)) {
            return otherwise;
        }
        String v = line.getOptionValue(option);
        try {
            int n = Integer.parseInt(v);
            if (n >= SMALLEST && n <= LARGEST) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " takes a whole number of pixels from " + SMALLEST + " to " + LARGEST
                + ", got `" + v + "`");
    }
}
