package dev.locus.cli;

/**
 * Whether standard output is a person's terminal, and how wide it is: on one, {@code train} redraws
 * a progress bar in place; anywhere else (a pipe, a file, CI) it prints plain lines. Tests give
 * their own, to see both.
 */
interface Terminal {
    boolean interactive();

    /** The columns a line may use without wrapping (a wrapped bar cannot be redrawn in place). */
    int columns();

    /** The real one: a console exists only when standard input and output are both a terminal. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public int columns() {
                // Java cannot ask the terminal; shells that export COLUMNS say it, else the classic 80.
                String columns = System.getenv("COLUMNS");
                try {
                    return columns == null ? 80 : Math.max(40, Integer.parseInt(columns.trim()));
                } catch (NumberFormatException e) {
                    return 80;
                }
            }
        };
    }

    /** A terminal, or not, of a given width. */
    static Terminal fixed(final boolean interactive, final int columns) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return interactive;
            }

            @Override
            public int columns() {
                return columns;
            }
        };
    }
}
