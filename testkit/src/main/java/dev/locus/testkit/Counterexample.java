package dev.locus.testkit;

/**
 * The smallest failing case a shrink found, as a program that checks on its own.
 *
 * @param program  Locus source: the rule (unless it is a standard one), the network and a train block with the
 *                 seed that draws the data; save it as a file. Empty when the case was a network of the
 *                 rule's own file, which is then the program
 * @param command  the command that reproduces the failure on that file ({@code FILE} stands for its name)
 * @param network  the network's name in {@code program}
 */
public record Counterexample(String program, String command, String network) {
    /** The command with {@code file} in place of {@code FILE}. */
    public String command(final String file) {
        return command.replace("FILE", file);
    }
}
