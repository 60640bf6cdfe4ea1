package dev.locus.compiler.target;

import java.nio.file.Path;

/**
 * What `locus compile --target NAME` writes: compiled networks as a file of some kind (a jar of
 * JVM classes, a hardware description). Targets are found by {@link java.util.ServiceLoader} (a
 * line in {@code META-INF/services/dev.locus.compiler.target.Target}); {@link Targets} lists them.
 * Like a backend, a target reads only the IR and the runtime, never the checker or the AST: what
 * it needs of the train block besides the IR comes in {@link TargetInput}.
 */
public interface Target {

    /** The name `--target` takes. */
    String name();

    /** One line for `locus compile --help`. */
    String description();

    /**
     * The flags of `locus compile` this target takes besides the common ones; their values come in
     * {@link TargetInput#options()}. None unless a target declares some.
     */
    default java.util.List<TargetOption> options() {
        return java.util.List.of();
    }

    /**
     * Checks the values of this target's flags before anything is compiled.
     *
     * @throws IllegalArgumentException with a one-line message naming the flag when a value is wrong
     *                                  (the command reports it as bad usage)
     */
    default void checkOptions(final java.util.Map<String, String> options) {
    }

    /**
     * Writes {@code input}'s networks to {@code output}, atomically: either the whole file is
     * written or nothing at {@code output} changes.
     *
     * @throws dev.locus.runtime.LocusException when {@code output} cannot be written (a plain message
     *                                          naming it), or a network cannot be compiled for this target
     */
    void write(TargetInput input, Path output);
}
