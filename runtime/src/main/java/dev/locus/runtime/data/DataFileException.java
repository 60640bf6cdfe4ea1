package dev.locus.runtime.data;

import dev.locus.runtime.LocusException;

/** A data file that cannot be used: its message is "FILE: what is wrong". */
public final class DataFileException extends LocusException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public DataFileException(final String file, final String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DataFileException(final String file, final String problem, final Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file as named to the user (a path, or the name of a built-in resource). */
    public String file() {
        return file;
    }
}
