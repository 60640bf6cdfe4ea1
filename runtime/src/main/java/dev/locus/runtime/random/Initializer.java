package dev.locus.runtime.random;

import java.util.Arrays;

/**
 * How a parameter tensor gets its first values: the initializers of LANGUAGE.md section 3, as
 * functions over a {@link SeededRandom} stream. The caller gives fan-in and fan-out because only
 * it knows the op (a dense layer's fan-in is its input width; a convolution's is
 * in_channels * kernel * kernel). Bounds and deviations are computed in double, then rounded to
 * float once, so that they are the same on every JVM ({@code Math.sqrt} is exactly rounded).
 */
public sealed interface Initializer {

    /** Fills {@code target} (index 0 first) from {@code random}. */
    void fill(float[] target, int fanIn, int fanOut, SeededRandom random);

    /** The name used in Locus source, e.g. {@code he_uniform} or {@code uniform(0.05)}. */
    String describe();

    /** Keras' he_uniform: uniform in [-b, b), b = sqrt(6 / fan_in). */
    record HeUniform() implements Initializer {
        @Override
        public void fill(final float[] target, final int fanIn, final int fanOut, final SeededRandom random) {
            random.fillUniform(target, (float) Math.sqrt(6.0 / checkFan("fan_in", fanIn, this)));
        }

        @Override
        public String describe() {
            return "he_uniform";
        }
    }

    /** He et al. (2015) normal: standard deviation sqrt(2 / fan_in), not truncated. */
    record HeNormal() implements Initializer {
        @Override
        public void fill(final float[] target, final int fanIn, final int fanOut, final SeededRandom random) {
            random.fillNormal(target, (float) Math.sqrt(2.0 / checkFan("fan_in", fanIn, this)));
        }

        @Override
        public String describe() {
            return "he_normal";
        }
    }

    /** Glorot and Bengio (2010): uniform in [-b, b), b = sqrt(6 / (fan_in + fan_out)). */
    record XavierUniform() implements Initializer {
        @Override
        public void fill(final float[] target, final int fanIn, final int fanOut, final SeededRandom random) {
            final double fans = (double) checkFan("fan_in", fanIn, this) + checkFan("fan_out", fanOut, this);
            random.fillUniform(target, (float) Math.sqrt(6.0 / fans));
        }

        @Override
        public String describe() {
            return "xavier_uniform";
        }
    }

    /** Uniform in [-bound, bound). */
    record Uniform(double bound) implements Initializer {
        public Uniform {
            if (!(bound >= 0) || Double.isInfinite(bound)) {
                throw new IllegalArgumentException("uniform(bound) needs a finite bound >= 0, got " + bound);
            }
        }

        @Override
        public void fill(final float[] target, final int fanIn, final int fanOut, final SeededRandom random) {
            random.fillUniform(target, (float) bound);
        }

        @Override
        public String describe() {
            return "uniform(" + bound + ")";
        }
    }

    /** Normal with mean 0 and standard deviation {@code std}. */
    record Normal(double std) implements Initializer {
        public Normal {
            if (!(std >= 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("normal(std) needs a finite std >= 0, got " + std);
            }
        }

        @Override
        public void fill(final float[] target, final int fanIn, final int fanOut, final SeededRandom random) {
            random.fillNormal(target, (float) std);
        }

        @Override
        public String describe() {
            return "normal(" + std + ")";
        }
    }

    /** All zeros; draws nothing from the stream. */
    record Zeros() implements Initializer {
        @Override
        public void fill(final float[] target, final int fanIn, final int fanOut, final SeededRandom random) {
            Arrays.fill(target, 0f);
        }

        @Override
        public String describe() {
            return "zeros";
        }
    }

    static Initializer heUniform() {
        return new HeUniform();
    }

    static Initializer heNormal() {
        return new HeNormal();
    }

    static Initializer xavierUniform() {
        return new XavierUniform();
    }

    static Initializer uniform(final double bound) {
        return new Uniform(bound);
    }

    static Initializer normal(final double std) {
        return new Normal(std);
    }

    static Initializer zeros() {
        return new Zeros();
    }

    private static int checkFan(final String which, final int fan, final Initializer who) {
        if (fan <= 0) {
            throw new IllegalArgumentException(who.describe() + " needs " + which + " >= 1, got " + fan);
        }
        return fan;
    }
}
