package dev.locus.runtime.random;

import java.util.Objects;

/**
 * The one random generator of Locus: a stream of xoshiro128** keyed by a 64-bit key derived
 * from (seed, layer, purpose). Everything random in training (fixed tensors, initial weights,
 * dropout masks, data shuffling) draws from a stream obtained with {@link #forKey} or
 * {@link #split}, so the same program and seed give the same numbers, bit for bit, on every JVM.
 *
 * <p>xoshiro128** was chosen over xorshift64* because its state update and output need only
 * 32-bit xors, shifts, rotations and two multiplications by 5 and 9 (a shift and an add each):
 * a hardware target regenerates a layer's fixed classifier from it with no multiplier and no
 * memory. The exact algorithm, the conversions to floats and test vectors are in docs/RANDOM.md.
 *
 * <p>Splitting depends only on the key, never on how much of the stream was consumed, so the
 * stream of one purpose cannot shift when another purpose draws more numbers. Instances are not
 * thread-safe; give each thread its own split.
 */
public final class SeededRandom {
    private long key;
    private int s0;
    private int s1;
    private int s2;
    private int s3;

    private SeededRandom(final long key) {
        start(key);
    }

    private void start(final long key) {
        this.key = key;
        // Two consecutive SplitMix64 outputs from state `key`. mix64 is a bijection with
        // mix64(0) == 0, and the two states differ by GOLDEN_GAMMA, so at most one output is zero
        // and the 128-bit state is never all zero (the one state xoshiro cannot leave).
        final long a = KeyHash.mix64(key + KeyHash.GOLDEN_GAMMA);
        final long b = KeyHash.mix64(key + 2 * KeyHash.GOLDEN_GAMMA);
        s0 = (int) a;
        s1 = (int) (a >>> 32);
        s2 = (int) b;
        s3 = (int) (b >>> 32);
    }

    /** A stream started from an explicit xoshiro128** state, to check against the published reference. */
    static SeededRandom ofState(final int a, final int b, final int c, final int d) {
        final SeededRandom random = new SeededRandom(0);
        random.s0 = a;
        random.s1 = b;
        random.s2 = c;
        random.s3 = d;
        return random;
    }

    /** The stream for a seed alone; split it to get the streams of each purpose. */
    public static SeededRandom root(final long seed) {
        return new SeededRandom(KeyHash.rootKey(seed));
    }

    /** The stream for {@code name} of {@code layer} (e.g. the fixed tensor {@code B} of {@code fc1}). */
    public static SeededRandom forKey(final long seed, final String layer, final String name) {
        return root(seed).split(layer).split(name);
    }

    /** The stream whose key is exactly {@code key} (as computed by {@link KeyHash}). */
    public static SeededRandom ofKey(final long key) {
        return new SeededRandom(key);
    }

    /**
     * Makes this object the stream of {@code key} from its start, exactly as {@link #ofKey} would
     * give it, and returns it. For kernels that draw a keyed stream on every call (fixed tensors,
     * a dropout mask per step) and must not allocate one each time.
     */
    public SeededRandom restart(final long key) {
        start(key);
        return this;
    }

    /** A new, independent stream for {@code purpose} under this one's key. */
    public SeededRandom split(final String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        return new SeededRandom(KeyHash.childKey(key, purpose));
    }

    /** The same as {@code split(Long.toString(index))}: e.g. one stream per epoch. */
    public SeededRandom split(final long index) {
        return split(Long.toString(index));
    }

    /** The 64-bit key this stream started from. */
    public long key() {
        return key;
    }

    /** The next 32 random bits (one xoshiro128** step). */
    public int nextInt() {
        final int result = Integer.rotateLeft(s1 * 5, 7) * 9;
        final int t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Integer.rotateLeft(s3, 11);
        return result;
    }

    /** 64 random bits: the first 32-bit draw is the high half. */
    public long nextLong() {
        final long high = nextInt();
        final long low = nextInt() & 0xFFFFFFFFL;
        return (high << 32) | low;
    }

    /** A float in [0, 1): the top 24 bits of one draw times 2^-24 (every value exact). */
    public float nextUnitFloat() {
        return (nextInt() >>> 8) * 0x1p-24f;
    }

    /**
     * A float in [-bound, bound): with u the top 24 bits of one draw, (u - 2^23) * 2^-23 is exact,
     * and one float multiplication by {@code bound} rounds it.
     */
    public float uniform(final float bound) {
        return ((nextInt() >>> 8) - 0x800000) * 0x1p-23f * bound;
    }

    /** A double in [0, 1): the top 53 bits of {@link #nextLong()} times 2^-53. */
    public double nextUnitDouble() {
        return (nextLong() >>> 11) * 0x1p-53;
    }

    /**
     * A standard normal double by Box-Muller: u1 = 1 - nextUnitDouble() (in (0, 1], so the log
     * is finite), u2 = nextUnitDouble(), result sqrt(-2 ln u1) * cos(2 pi u2). The second value of
     * the pair is thrown away so that every normal costs exactly four 32-bit draws.
     * StrictMath keeps log and cos bit-identical on every JVM.
     */
    public double nextGaussian() {
        final double u1 = 1.0 - nextUnitDouble();
        final double u2 = nextUnitDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** A normal float with mean 0 and standard deviation {@code std}: computed in double, rounded once. */
    public float normal(final float std) {
        return (float) (nextGaussian() * std);
    }

    /**
     * An int uniformly in [0, n), without modulo bias (Lemire's multiply-and-reject): m = r * n
     * for a 32-bit draw r; while the low 32 bits of m are below 2^32 mod n, draw again; the
     * answer is m's high 32 bits.
     */
    public int nextInt(final int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("nextInt(n) needs n >= 1, got " + n);
        }
        final long bound = n;
        long m = (nextInt() & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            final long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextInt() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates from the identity, i = n-1 down to 1). */
    public int[] permutation(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation(n) needs n >= 0, got " + n);
        }
        final int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            final int j = nextInt(i + 1);
            final int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Fills {@code target} with {@link #uniform(float)} values, index 0 first. */
    public void fillUniform(final float[] target, final float bound) {
        for (int i = 0; i < target.length; i++) {
            target[i] = uniform(bound);
        }
    }

    /** Fills {@code target} with {@link #normal(float)} values, index 0 first. */
    public void fillNormal(final float[] target, final float std) {
        for (int i = 0; i < target.length; i++) {
            target[i] = normal(std);
        }
    }

    @Override
    public String toString() {
        return String.format("SeededRandom[key=0x%016x]", key);
    }
}
