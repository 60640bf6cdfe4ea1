package dev.locus.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One `locus` subcommand. Besides the built-in commands, {@link Main} runs those that other modules
 * on the class path declare in {@code META-INF/services/dev.locus.cli.Command} (the hardware
 * report, the rule test kit), so that the compiler does not depend on them.
 */
public interface Command {
    String name();

    /** One line for `locus --help`. */
    String summary();

    /** The argument part of the usage line, e.g. {@code FILE... [--json]}. */
    String arguments();

    Options options();

    /** What `locus COMMAND --help` says after the options; nothing unless a command has more to say. */
    default String footer() {
        return "";
    }

    /** Runs the command; returns the exit status (0 success, 1 a problem in the user's program or data). */
    int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException;
}
