package dev.locus.runtime;

/**
 * A problem in what the user gave Locus (a program, a data file, a checkpoint, a flag), as
 * opposed to a bug in Locus. The command line prints its message alone, without a stack trace,
 * and exits with status 1; so the message must say what is wrong and where (file, and line or
 * byte offset where one exists).
 */
public class LocusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocusException(final String message) {
        super(message);
    }

    public LocusException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
