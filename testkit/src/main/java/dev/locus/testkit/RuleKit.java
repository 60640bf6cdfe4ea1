package dev.locus.testkit;

import dev.locus.compiler.check.CheckedProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point of the rule test kit: a {@code .locus} file, checked, whose rules (and the
 * standard ones) can be put to the kit's properties.
 *
 * <pre>{@code
 * RuleKit.forFile(Path.of("rules/hinge.locus"))
 *        .rule("local_hinge")
 *        .requireLocal()
 *        .assertPasses();
 * }</pre>
 */
public final class RuleKit {
    private final Path file;
    private final String text;
    private final CheckedProgram program;

    private RuleKit(final Path file, final String text, final CheckedProgram program) {
        this.file = file;
        this.text = text;
        this.program = program;
    }

    /**
     * The file, read and checked.
     *
     * @throws RuleProgramException if it does not check (the message holds every diagnostic, with file:line:col)
     * @throws UncheckedIOException if it cannot be read
     */
    public static RuleKit forFile(final Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new RuleKit(file, text, RuleSource.check(file, text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Source text as if it were the file {@code file} (imports are found relative to it). */
    public static RuleKit forSource(final Path file, final String text) {
        return new RuleKit(file, text, RuleSource.check(file, text));
    }

    /**
     * The checks of one rule of the file (or a standard rule), called as a train block would call
     * it: {@code "local_error"}, {@code "local_error(loss: mse)"}.
     *
     * @throws IllegalArgumentException if the file has no such rule, or the call's arguments do not fit it
     */
    public RuleCheck rule(final String call) {
        return new RuleCheck(RuleSource.of(file, text, program, call));
    }

    /** The file. */
    public Path file() {
        return file;
    }
}
