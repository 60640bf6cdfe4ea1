package dev.locus.compiler.check;

import java.util.Locale;

/** A compile-time value: block and rule parameters, op arguments, settings. */
public sealed interface Value {

    String describe();

    record Int(long value) implements Value {
        @Override
        public String describe() {
            return "the integer " + value;
        }
    }

    record Real(double value) implements Value {
        @Override
        public String describe() {
            return "the number " + Values.format(value);
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String describe() {
            return "`" + value + "`";
        }
    }

    /** A bare name that is no variable: an initializer, a loss, a data set, ... The parameter decides. */
    record Sym(String name) implements Value {
        @Override
        public String describe() {
            return "`" + name + "`";
        }
    }

    record Str(String value) implements Value {
        @Override
        public String describe() {
            return "the string \"" + value + "\"";
        }
    }

    /** A weight initializer: he_uniform, he_normal, xavier_uniform, zeros, uniform(bound), normal(std). */
    record Init(String kind, double parameter) implements Value {
        @Override
        public String describe() {
            return Double.isNaN(parameter) ? kind : kind + "(" + Values.format(parameter) + ")";
        }
    }

    /** Helpers on values. */
    final class Values {
        private Values() {
        }

        public static String format(final double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return String.format(Locale.ROOT, "%.1f", v);
            }
            return Double.toString(v);
        }

        /** The numeric value, or NaN for a value that is not a number. */
        public static double number(final Value v) {
            if (v instanceof Int i) {
                return i.value();
            }
            if (v instanceof Real r) {
                return r.value();
            }
            return Double.NaN;
        }
    }
}
