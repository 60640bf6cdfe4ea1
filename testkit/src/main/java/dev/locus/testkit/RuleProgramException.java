package dev.locus.testkit;

/**
 * The rule's file does not check, or the rule is not in it: the message holds the checker's
 * diagnostics ({@code file:line:col: error: ...}) or names the rules there are.
 */
public final class RuleProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the rendered diagnostics as the message. */
    public RuleProgramException(final String message) {
        super(message);
    }
}
