package dev.locus.compiler.target;

import java.util.Objects;

/**
 * A flag of `locus compile` that one target declares for itself (the hardware target's
 * {@code --pe}, {@code --simd}...): the command adds it to its options and hands its value, as the
 * user wrote it, to that target in {@link TargetInput#options()}. The target checks the value.
 *
 * @param name the long name, without dashes ({@code pe})
 * @param argument what the value is, for the help ({@code N}); null for a flag that takes none
 * @param description one line for `locus compile --help`
 */
public record TargetOption(String name, String argument, String description) {
    public TargetOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a target option is a lower-case long name, got `" + name + "`");
        }
    }

    /** Whether the option takes a value. */
    public boolean valued() {
        return argument != null;
    }
}
