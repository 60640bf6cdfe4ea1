package dev.locus.compiler.backend;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The backends on the class path, found by {@link ServiceLoader}. */
public final class Backends {
    /** The backend `locus train` uses when none is named. */
    public static final String DEFAULT = "jvm";

    private Backends() {
    }

    /** Every backend found, by name. */
    public static List<Backend> available() {
        return ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).sorted(Comparator.comparing(Backend::name)).toList();
    }

    public static Optional<Backend> find(final String name) {
        return available().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The names of the backends found, for a message: `interp, jvm`. */
    public static String names() {
        return String.join(", ", available().stream().map(Backend::name).toList());
    }
}
