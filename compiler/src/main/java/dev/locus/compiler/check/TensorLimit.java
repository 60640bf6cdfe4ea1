package dev.locus.compiler.check;

import java.math.BigInteger;
import java.util.Locale;

/**
 * What one tensor can hold: its elements are indexed by an int, in the interpreter and in the
 * runtime alike. Counts are multiplied exactly (a long product of a few large sizes overflows
 * silently), and shown with their thousands separated, as a user compares them.
 */
final class TensorLimit {
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private TensorLimit() {
    }

    static BigInteger product(final long... factors) {
        BigInteger n = BigInteger.ONE;
        for (long f : factors) {
            n = n.multiply(BigInteger.valueOf(f));
        }
        return n;
    }

    static boolean fits(final BigInteger count) {
        return count.compareTo(BigInteger.valueOf(MAX_ELEMENTS)) <= 0;
    }

    /** "more than a tensor can hold (2,147,483,647)", after a count. */
    static String tooMany(final BigInteger count, final String what) {
        return format(count) + " " + what + ", more than a tensor can hold (" + format(BigInteger.valueOf(MAX_ELEMENTS))
                + ")";
    }

    static String format(final BigInteger count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** Sizes as the user writes a shape, for sizes that may not fit a {@link Shape}: {@code [2000000000, 26, 26]}. */
    static String dims(final long... sizes) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < sizes.length; i++) {
            out.append(i == 0 ? "" : ", ").append(sizes[i]);
        }
        return out.append(']').toString();
    }
}
