package dev.locus.runtime.checkpoint;

import dev.locus.runtime.LocusException;

/** A checkpoint that cannot be written, read or used: "FILE: what is wrong". */
public final class CheckpointException extends LocusException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(final String file, final String problem) {
        super(file + ": " + problem);
    }

    public CheckpointException(final String file, final String problem, final Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
