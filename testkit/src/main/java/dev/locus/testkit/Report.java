package dev.locus.testkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The results of every property checked on one rule.
 *
 * @param rule    the rule as called, e.g. {@code local_error(loss: mse)}
 * @param results one per property, in {@link Property} order
 */
public record Report(String rule, List<PropertyResult> results) {
    public Report {
        results = List.copyOf(results);
    }

    /** Whether no property failed (skipped ones do not fail). */
    public boolean passed() {
        return results.stream().noneMatch(PropertyResult::failed);
    }

    /** The result of one property; throws if it was not checked. */
    public PropertyResult result(final Property p) {
        return results.stream().filter(r -> r.property() == p).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(p.id() + " was not checked"));
    }

    /** One line per property. */
    public String lines() {
        return results.stream().map(PropertyResult::line).collect(Collectors.joining("\n"));
    }
}
