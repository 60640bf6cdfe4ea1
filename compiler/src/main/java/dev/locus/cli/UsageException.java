package dev.locus.cli;

/** The command line itself is wrong (exit status 2). */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(final String message) {
        super(message);
    }
}
