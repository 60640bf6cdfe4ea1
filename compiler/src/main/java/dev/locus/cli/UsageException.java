package dev.locus.cli;

/** The command line itself is wrong (exit status 2). */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(final String message) {
        super(message);
    }
}
