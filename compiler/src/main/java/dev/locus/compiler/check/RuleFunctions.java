package dev.locus.compiler.check;

import java.util.Map;
import java.util.Set;

/** The functions a rule expression may call (LANGUAGE.md §6), with their number of arguments. */
public final class RuleFunctions {
    public static final Set<String> LOSSES = Set.of("cross_entropy", "mse", "square_hinge", "smooth_l1");
    /** Functions that draw from the seeded generator: allowed only in `fixed`. */
    public static final Set<String> RANDOM = Set.of("uniform", "normal", "sign_concordant");

    private static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("flatten", 1), Map.entry("avgpool", 2), Map.entry("maxpool", 2), Map.entry("spatial_avgpool", 2),
            Map.entry("features", 1),
            Map.entry("sqrt", 1), Map.entry("softmax", 1), Map.entry("log_softmax", 1), Map.entry("onehot", 2),
            Map.entry("sum", 1), Map.entry("mean", 1), Map.entry("relu", 1), Map.entry("sign", 1),
            Map.entry("abs", 1), Map.entry("uniform", 3), Map.entry("normal", 3), Map.entry("sign_concordant", 2),
            Map.entry("fa_matmul", 3), Map.entry("cross_entropy", 2), Map.entry("mse", 2),
            Map.entry("square_hinge", 2), Map.entry("smooth_l1", 2));

    private RuleFunctions() {
    }

    public static boolean exists(final String name) {
        return ARITY.containsKey(name);
    }

    public static int arity(final String name) {
        return ARITY.get(name);
    }

    public static Set<String> names() {
        return ARITY.keySet();
    }
}
