package dev.locus.testkit;

import java.util.Optional;

/**
 * What one property found.
 *
 * @param property       the property
 * @param status         passed, failed or skipped
 * @param detail         what was checked (when passed), why it failed, or why it does not apply
 * @param tries          the cases checked
 * @param seed           the seed of the failing case (its train block's, which draws its data too); 0 otherwise
 * @param counterexample the smallest failing program found (empty unless failed)
 */
public record PropertyResult(Property property, Status status, String detail, int tries, long seed,
                             Optional<Counterexample> counterexample) {
    /** The outcome of a property. */
    public enum Status { PASSED, FAILED, SKIPPED }

    /** Whether the property held on every case checked. */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /** Whether some case failed (then {@link #seed()} and {@link #counterexample()} say which). */
    public boolean failed() {
        return status == Status.FAILED;
    }

    /** One line, as `locus test-rule` prints it: the property, then passed, skipped or FAILED and the detail. */
    public String line() {
        String name = String.format("%-17s", property.id());
        return switch (status) {
            case PASSED -> name + "passed   " + detail;
            case SKIPPED -> name + "skipped  " + detail;
            case FAILED -> name + "FAILED   seed " + seed + ": " + detail;
        };
    }
}
