package dev.locus.hw.graph;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The element type of a node's values: IEEE float32, or signed fixed point Qm.n (m integer bits,
 * the sign included, and n fraction bits: a value is an integer times 2^-n in
 * [-2^(m-1), 2^(m-1) - 2^-n]). Labels stay 32-bit integers whatever this says.
 */
public record Precision(int integerBits, int fractionBits) {
    /** Marks float32: no fixed-point format has 0 integer bits. */
    public static final Precision FLOAT32 = new Precision(0, 0);

    private static final Pattern FIXED = Pattern.compile("q(\\d+)\\.(\\d+)");

    public Precision {
        if (integerBits != 0 || fractionBits != 0) {
            if (integerBits < 1 || fractionBits < 0 || integerBits + fractionBits > 32) {
                throw new IllegalArgumentException("a fixed-point format Qm.n needs m >= 1, n >= 0 and m + n <= 32, got Q"
                        + integerBits + "." + fractionBits);
            }
        }
    }

    /** {@code float32} or {@code qM.N} (case does not matter). */
    public static Precision parse(final String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("float32") || t.equals("f32")) {
            return FLOAT32;
        }
        Matcher m = FIXED.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("precision `" + text + "`: expected float32 or a fixed-point format "
                    + "qM.N such as q8.8");
        }
        return new Precision(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean isFloat() {
        return integerBits == 0;
    }

    /** The bits of one element. */
    public int bits() {
        return isFloat() ? 32 : integerBits + fractionBits;
    }

    /** The bytes one element takes in a memory or on a stream (whole bytes). */
    public int bytes() {
        return (bits() + 7) / 8;
    }

    /** {@code x} as this type holds it: rounded to float, or to the nearest step of 2^-n and saturated. */
    public double round(final double x) {
        if (isFloat()) {
            return (float) x;
        }
        double scale = Math.scalb(1.0, fractionBits);
        double max = Math.scalb(1.0, integerBits - 1) - 1 / scale;
        double min = -Math.scalb(1.0, integerBits - 1);
        if (Double.isNaN(x)) {
            return 0;
        }
        double r = Math.rint(x * scale) / scale;
        return Math.max(min, Math.min(max, r));
    }

    @Override
    public String toString() {
        return isFloat() ? "float32" : "q" + integerBits + "." + fractionBits;
    }
}
