package dev.locus.compiler.check;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Compile-time names and their values (block parameters, rule parameters, `classes`). */
public final class Env {
    private final Map<String, Value> values;

    private Env(final Map<String, Value> values) {
        this.values = values;
    }

    public static Env empty() {
        return new Env(Map.of());
    }

    public Env with(final String name, final Value value) {
        Map<String, Value> copy = new HashMap<>(values);
        copy.put(name, value);
        return new Env(Map.copyOf(copy));
    }

    public Optional<Value> lookup(final String name) {
        return Optional.ofNullable(values.get(name));
    }

    public java.util.Set<String> names() {
        return values.keySet();
    }
}
