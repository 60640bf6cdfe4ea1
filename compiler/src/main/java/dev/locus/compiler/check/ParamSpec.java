package dev.locus.compiler.check;

import java.util.Set;

/**
 * One parameter of a built-in op, setting or function: its kind, its default (null when it is
 * required), the range it allows, and for symbols the names it accepts.
 */
record ParamSpec(String name, Kind kind, Value defaultValue, String defaultFrom, Range range, Set<String> symbols) {

    enum Kind { INT, NUMBER, BOOL, INIT, SYMBOL, ANY }

    static ParamSpec required(final String name, final Kind kind, final Range range) {
        return new ParamSpec(name, kind, null, null, range, Set.of());
    }

    static ParamSpec optional(final String name, final Kind kind, final Value defaultValue, final Range range) {
        return new ParamSpec(name, kind, defaultValue, null, range, Set.of());
    }

    /** A parameter whose default is another parameter's value (`maxpool(size, stride: size)`). */
    static ParamSpec defaultsTo(final String name, final Kind kind, final String other, final Range range) {
        return new ParamSpec(name, kind, null, other, range, Set.of());
    }

    static ParamSpec symbol(final String name, final Value defaultValue, final Set<String> symbols) {
        return new ParamSpec(name, Kind.SYMBOL, defaultValue, null, Range.ANY, symbols);
    }

    boolean isRequired() {
        return defaultValue == null && defaultFrom == null;
    }

    /** Allowed numeric values; {@link #ANY} allows all. */
    record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {
        static final Range ANY = new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
        static final Range POSITIVE = new Range(0, false, Double.POSITIVE_INFINITY, true);
        static final Range AT_LEAST_ONE = new Range(1, true, Double.POSITIVE_INFINITY, true);
        /** A size of a shape or a window: it must fit an int, as every size of a tensor does. */
        static final Range SIZE = new Range(1, true, Integer.MAX_VALUE, true);
        static final Range PADDING = new Range(0, true, Integer.MAX_VALUE, true);
        static final Range NON_NEGATIVE = new Range(0, true, Double.POSITIVE_INFINITY, true);
        static final Range UNIT_OPEN = new Range(0, true, 1, false);

        boolean contains(final double v) {
            boolean lo = minInclusive ? v >= min : v > min;
            boolean hi = maxInclusive ? v <= max : v < max;
            return lo && hi;
        }

        String describe() {
            if (max == Double.POSITIVE_INFINITY) {
                return (minInclusive ? ">= " : "> ") + Value.Values.format(min).replace(".0", "");
            }
            return "in " + (minInclusive ? "[" : "(") + Value.Values.format(min).replace(".0", "") + ", "
                    + Value.Values.format(max).replace(".0", "") + (maxInclusive ? "]" : ")");
        }
    }
}
