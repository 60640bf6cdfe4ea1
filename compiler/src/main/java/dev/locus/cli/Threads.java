package dev.locus.cli;

import java.util.Optional;
import org.apache.commons.cli.CommandLine;

/** {@code --threads N}: how many threads the runtime's kernels use. */
final class Threads {
    /** More threads than this is surely a typing mistake (each one is a thread started). */
    static final int MOST = 1024;

    private Threads() {
    }

    /** The value of {@code --threads}, if given; a value that is not 1 to {@link #MOST} is a usage error. */
    static Optional<Integer> of(final CommandLine line) throws UsageException {
        if (!line.hasOption("threads")) {
            return Optional.empty();
        }
        String v = line.getOptionValue("threads");
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MOST) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--threads takes a whole number from 1 to " + MOST + ", got `" + v + "`");
    }
}
