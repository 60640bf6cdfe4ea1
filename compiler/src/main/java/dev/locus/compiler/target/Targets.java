package dev.locus.compiler.target;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The targets on the class path, found by {@link ServiceLoader}. */
public final class Targets {
    private Targets() {
    }

    /** Every target found, by name. */
    public static List<Target> available() {
        return ServiceLoader.load(Target.class, Targets.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).sorted(Comparator.comparing(Target::name)).toList();
    }

    public static Optional<Target> find(final String name) {
        return available().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The names of the targets found, for a message: `jvm`. */
    public static String names() {
        return String.join(", ", available().stream().map(Target::name).toList());
    }
}
