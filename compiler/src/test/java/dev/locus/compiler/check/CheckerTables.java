package dev.locus.compiler.check;

import java.util.Set;
import java.util.TreeSet;

/** The checker's own tables of what the language offers, for tests that must cover all of it. */
public final class CheckerTables {
    private CheckerTables() {
    }

    /** Every built-in op of a pipeline (LANGUAGE.md §3). */
    public static Set<String> builtinOps() {
        return new TreeSet<>(BuiltinOps.names());
    }

    /** Every weight initializer: the bare ones and the two that take a number, uniform(bound) and normal(std). */
    public static Set<String> initializers() {
        Set<String> all = new TreeSet<>(ArgBinder.INITIALIZERS);
        all.add("uniform");
        all.add("normal");
        return all;
    }
}
