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
                // Java cannot ask the terminal itself: COLUMNS if the shell exports it, else `stty size`, else 80.
                return Math.max(40, number(System.getenv("COLUMNS")).orElseGet(() -> sttyColumns().orElse(80)));
            }
        };
    }

    private static java.util.Optional<Integer> number(final String text) {
        try {
            return text == null ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The width that {@code stty size} reads from the terminal ("rows columns"), if it can. */
    private static java.util.Optional<Integer> sttyColumns() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (!stty.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            String[] parts = size.trim().split("\\s+");
            return parts.length == 2 ? number(parts[1]).filter(n -> n > 0) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
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
