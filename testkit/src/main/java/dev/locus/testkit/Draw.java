package dev.locus.testkit;

import java.util.Random;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Where a generator's choices come from: QuickTheories' randomness (so that its shrinking works on
 * users' properties) or a seeded {@link Random} (so that `locus test-rule --seed S` draws the same
 * networks again).
 */
@FunctionalInterface
interface Draw {
    /** A whole number in [lo, hi]. */
    int between(int lo, int hi);

    static Draw of(final RandomnessSource in) {
        return (lo, hi) -> Generate.range(lo, hi).generate(in);
    }

    static Draw of(final Random r) {
        return (lo, hi) -> lo + r.nextInt(hi - lo + 1);
    }

    default <T> T pick(final java.util.List<T> from) {
        return from.get(between(0, from.size() - 1));
    }
}
