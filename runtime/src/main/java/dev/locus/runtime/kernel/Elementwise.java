package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * The element-wise arithmetic of rule expressions ({@link BinaryOp}, {@link UnaryOp}) and the
 * gradients of the unary functions, on the Vector API when it is present.
 *
 * <p>A binary op broadcasts by repetition: an operand of {@code length} floats is read at
 * {@code i mod length} for output element {@code i}. A length of {@code n} is an operand of the
 * output's shape, 1 a scalar, and one sample's size an unbatched tensor of the sample shape that
 * every sample of a batched output meets; the IR's broadcasting rules need nothing else.
 *
 * <p>Large calls are split over the {@linkplain KernelPool#shared() pool} in contiguous parts.
 */
public final class Elementwise {
    /**
     * Below this many elements the call stays on the calling thread. Measured on a 2-core Xeon
     * with AVX-512 shared with other jobs (a product of two arrays, medians of 200 calls): one thread
     * 3.9 us at 2^15 floats, 8.0 at 2^16, 17.6 at 2^17; two threads 7.7, 10.5 and 14.2. With other
     * jobs on the machine a worker that the system has descheduled delays a call by about 0.4 ms,
     * so only large passes are split. {@code -Dlocus.elementwise.parallelMin=N} overrides it.
     */
    static final int PARALLEL_MIN = Integer.getInteger("locus.elementwise.parallelMin", 1 << 17);
    /** Parts are whole multiples of this many floats (a few cache lines), so no two threads write one line. */
    private static final int PART_ALIGN = 64;

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private Elementwise() {
    }

    /**
     * {@code out[i] = a[i mod aLength] op b[i mod bLength]} for {@code i < n}. Each length must
     * divide {@code n}, and when neither is 1 the longer must be a multiple of the shorter.
     * {@code out} may be an operand of length {@code n} at the same offset (in place), but must
     * not otherwise overlap either operand.
     */
    public static void binary(final BinaryOp op, final float[] a, final int aOff, final int aLength,
                              final float[] b, final int bOff, final int bLength, final float[] out,
                              final int outOff, final int n) {
        binary(Kernels.elementwise(), op, a, aOff, aLength, b, bOff, bLength, out, outOff, n);
    }

    static void binary(final ElementwiseKernel kernel, final BinaryOp op, final float[] a, final int aOff,
                       final int aLength, final float[] b, final int bOff, final int bLength, final float[] out,
                       final int outOff, final int n) {
        if (op == null) {
            throw new IllegalArgumentException("op must not be null");
        }
        Checks.nonNegative("n", n);
        checkOperand("a", aLength, n);
        checkOperand("b", bLength, n);
        if (aLength > 1 && bLength > 1 && Math.max(aLength, bLength) % Math.min(aLength, bLength) != 0) {
            throw new IllegalArgumentException("a has " + aLength + " floats and b " + bLength
                    + ": when neither is a scalar, the longer must repeat the shorter a whole number of times");
        }
        Checks.range("a", a, aOff, aLength);
        Checks.range("b", b, bOff, bLength);
        Checks.range("out", out, outOff, n);
        Checks.sameOrApart("a", a, aOff, aLength, "out", out, outOff, n);
        Checks.sameOrApart("b", b, bOff, bLength, "out", out, outOff, n);
        Job job = JOB.get();
        job.kernel = kernel;
        job.mode = Mode.BINARY;
        job.binary = op;
        job.a = a;
        job.aOff = aOff;
        job.aLength = aLength;
        job.b = b;
        job.bOff = bOff;
        job.bLength = bLength;
        job.out = out;
        job.outOff = outOff;
        job.runOnPool(n);
    }

    private static void checkOperand(final String name, final int length, final int n) {
        if (length < 1) {
            throw new IllegalArgumentException(name + " must have at least one float, got a length of " + length);
        }
        if (n % length != 0) {
            throw new IllegalArgumentException(name + " has " + length + " floats, which does not divide n = " + n
                    + ": an operand has n floats, one (a scalar), or one sample's worth");
        }
    }

    /** Elements [from, to) of a binary op, in runs over which each operand is contiguous or a scalar. */
    private static void binaryRange(final ElementwiseKernel kernel, final BinaryOp op, final float[] a,
                                    final int aOff, final int aLength, final float[] b, final int bOff,
                                    final int bLength, final float[] out, final int outOff, final int from,
                                    final int to) {
        if (aLength == 1 && bLength == 1) {
            Arrays.fill(out, outOff + from, outOff + to, op.apply(a[aOff], b[bOff]));
            return;
        }
        int period = aLength == 1 ? bLength : bLength == 1 ? aLength : Math.min(aLength, bLength);
        int i = from;
        while (i < to) {
            int end = Math.min(to, (i / period + 1) * period);
            if (aLength == 1) {
                kernel.binary(op, a[aOff], b, bOff + i % bLength, out, outOff + i, end - i);
            } else if (bLength == 1) {
                kernel.binary(op, a, aOff + i % aLength, b[bOff], out, outOff + i, end - i);
            } else {
                kernel.binary(op, a, aOff + i % aLength, b, bOff + i % bLength, out, outOff + i, end - i);
            }
            i = end;
        }
    }

    /** {@code out[i] = value} for {@code i < n}: parameters that start at one, masks when predicting. */
    public static void fill(final float value, final float[] out, final int outOff, final int n) {
        Checks.nonNegative("n", n);
        Checks.range("out", out, outOff, n);
        java.util.Arrays.fill(out, outOff, outOff + n, value);
    }

    /** {@code out[i] = f(x[i])}; out may be x at the same offset. */
    public static void unary(final UnaryOp op, final float[] x, final int xOff, final float[] out, final int outOff,
                             final int n) {
        unary(Kernels.elementwise(), op, x, xOff, out, outOff, n);
    }

    static void unary(final ElementwiseKernel kernel, final UnaryOp op, final float[] x, final int xOff,
                      final float[] out, final int outOff, final int n) {
        if (op == null) {
            throw new IllegalArgumentException("op must not be null");
        }
        Checks.nonNegative("n", n);
        Checks.range("x", x, xOff, n);
        Checks.range("out", out, outOff, n);
        Checks.sameOrApart("x", x, xOff, n, "out", out, outOff, n);
        Job job = JOB.get();
        job.kernel = kernel;
        job.mode = Mode.UNARY;
        job.unary = op;
        job.a = x;
        job.aOff = xOff;
        job.out = out;
        job.outOff = outOff;
        job.runOnPool(n);
    }

    /**
     * The gradient to the input of {@link #unary}: {@code out[i] = op.backward(x[i], y[i], g[i])}
     * ({@link UnaryOp#backward}), with x the forward input and y its output. Only the arrays the op
     * reads are needed: x for ABS and RELU, y for SQRT; the others may be null. out may be g.
     */
    public static void unaryBackward(final UnaryOp op, final float[] x, final int xOff, final float[] y,
                                     final int yOff, final float[] g, final int gOff, final float[] out,
                                     final int outOff, final int n) {
        unaryBackward(Kernels.elementwise(), op, x, xOff, y, yOff, g, gOff, out, outOff, n);
    }

    static void unaryBackward(final ElementwiseKernel kernel, final UnaryOp op, final float[] x, final int xOff,
                              final float[] y, final int yOff, final float[] g, final int gOff, final float[] out,
                              final int outOff, final int n) {
        if (op == null) {
            throw new IllegalArgumentException("op must not be null");
        }
        Checks.nonNegative("n", n);
        boolean readsX = op == UnaryOp.ABS || op == UnaryOp.RELU;
        boolean readsY = op == UnaryOp.SQRT;
        if (readsX) {
            Checks.range("x", x, xOff, n);
            Checks.sameOrApart("x", x, xOff, n, "out", out, outOff, n);
        }
        if (readsY) {
            Checks.range("y", y, yOff, n);
            Checks.sameOrApart("y", y, yOff, n, "out", out, outOff, n);
        }
        Checks.range("g", g, gOff, n);
        Checks.range("out", out, outOff, n);
        Checks.sameOrApart("g", g, gOff, n, "out", out, outOff, n);
        Job job = JOB.get();
        job.kernel = kernel;
        job.mode = Mode.UNARY_BACKWARD;
        job.unary = op;
        job.a = readsX ? x : null;
        job.aOff = xOff;
        job.b = readsY ? y : null;
        job.bOff = yOff;
        job.g = g;
        job.gOff = gOff;
        job.out = out;
        job.outOff = outOff;
        job.runOnPool(n);
    }

    private enum Mode { BINARY, UNARY, UNARY_BACKWARD }

    /** One call's arguments and its split into contiguous parts; reused per calling thread. */
    private static final class Job implements KernelPool.Task {
        ElementwiseKernel kernel;
        Mode mode;
        BinaryOp binary;
        UnaryOp unary;
        float[] a;
        int aOff;
        int aLength;
        float[] b;
        int bOff;
        int bLength;
        float[] g;
        int gOff;
        float[] out;
        int outOff;
        int n;
        int parts;

        void runOnPool(final int count) {
            n = count;
            try {
                KernelPool pool = KernelPool.shared();
                if (pool.threads() == 1 || count < PARALLEL_MIN) {
                    range(0, count);
                    return;
                }
                // A few parts per thread, so that a thread slowed by other work does not hold up the call.
                int units = (count + PART_ALIGN - 1) / PART_ALIGN;
                parts = Math.min(units, 4 * pool.threads());
                pool.run(parts, this);
            } finally {
                a = null;
                b = null;
                g = null;
                out = null;
            }
        }

        @Override
        public void run(final int part) {
            int units = (n + PART_ALIGN - 1) / PART_ALIGN;
            int from = (int) ((long) units * part / parts) * PART_ALIGN;
            int to = Math.min(n, (int) ((long) units * (part + 1) / parts) * PART_ALIGN);
            if (from < to) {
                range(from, to);
            }
        }

        private void range(final int from, final int to) {
            switch (mode) {
                case BINARY -> binaryRange(kernel, binary, a, aOff, aLength, b, bOff, bLength, out, outOff, from, to);
                case UNARY -> kernel.unary(unary, a, aOff + from, out, outOff + from, to - from);
                case UNARY_BACKWARD -> kernel.unaryBackward(unary, a, aOff + from, b, bOff + from, g, gOff + from,
                        out, outOff + from, to - from);
            }
        }
    }
}
