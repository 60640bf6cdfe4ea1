package dev.locus.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops on the Vector API: whole vectors up to the last multiple of the vector
 * length, then the remaining elements one at a time with the same float operations, so that the
 * tail gives the bits a lane would. One loop per operation (the operator is chosen outside the
 * loop), so that the JIT sees a constant operator and keeps every vector in a register.
 *
 * <p>No method here takes or returns a vector, only arrays and scalars: a vector that crosses a
 * call the JIT did not inline (a large caller runs out of inlining budget) is boxed, and every
 * call then allocates. The Vector API's own methods are always inlined.
 */
final class VectorElementwiseKernel extends ElementwiseKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Floats per block of a sum: each lane adds {@code BLOCK / L} floats in float (64 with AVX-512),
     * then the block's total goes into a double, so that long sums lose no more than short ones.
     */
    private static final int BLOCK = 1024;

    @Override
    String describe() {
        return "vector(" + L + " floats)";
    }

    // The binary ops: one method per operation and operand form, for the reason given at unary.

    @Override
    void binary(final BinaryOp op, final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                final int oi, final int n) {
        int i = switch (op) {
            case ADD -> add(a, ai, b, bi, out, oi, n);
            case SUB -> sub(a, ai, b, bi, out, oi, n);
            case MUL -> mul(a, ai, b, bi, out, oi, n);
            case DIV -> div(a, ai, b, bi, out, oi, n);
        };
        for (; i < n; i++) {
            out[oi + i] = op.apply(a[ai + i], b[bi + i]);
        }
    }

    @Override
    void binary(final BinaryOp op, final float a, final float[] b, final int bi, final float[] out, final int oi,
                final int n) {
        // The scalar goes to each loop as a float: a vector passed between methods that the JIT
        // does not inline into one another is boxed, and allocates.
        int i = switch (op) {
            case ADD -> add(a, b, bi, out, oi, n);
            case SUB -> sub(a, b, bi, out, oi, n);
            case MUL -> mul(a, b, bi, out, oi, n);
            case DIV -> div(a, b, bi, out, oi, n);
        };
        for (; i < n; i++) {
            out[oi + i] = op.apply(a, b[bi + i]);
        }
    }

    @Override
    void binary(final BinaryOp op, final float[] a, final int ai, final float b, final float[] out, final int oi,
                final int n) {
        int i = switch (op) {
            case ADD -> add(a, ai, b, out, oi, n);
            case SUB -> sub(a, ai, b, out, oi, n);
            case MUL -> mul(a, ai, b, out, oi, n);
            case DIV -> div(a, ai, b, out, oi, n);
        };
        for (; i < n; i++) {
            out[oi + i] = op.apply(a[ai + i], b);
        }
    }

    private static int add(final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                           final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int add(final float a, final float[] b, final int bi, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, a);
        for (int i = 0; i < bound; i += L) {
            av.add(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int add(final float[] a, final int ai, final float b, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector bv = FloatVector.broadcast(S, b);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).add(bv).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int sub(final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                           final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).sub(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int sub(final float a, final float[] b, final int bi, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, a);
        for (int i = 0; i < bound; i += L) {
            av.sub(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int sub(final float[] a, final int ai, final float b, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector bv = FloatVector.broadcast(S, b);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).sub(bv).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int mul(final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                           final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int mul(final float a, final float[] b, final int bi, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, a);
        for (int i = 0; i < bound; i += L) {
            av.mul(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int mul(final float[] a, final int ai, final float b, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector bv = FloatVector.broadcast(S, b);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).mul(bv).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int div(final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                           final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).div(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int div(final float a, final float[] b, final int bi, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, a);
        for (int i = 0; i < bound; i += L) {
            av.div(FloatVector.fromArray(S, b, bi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int div(final float[] a, final int ai, final float b, final float[] out, final int oi,
                           final int n) {
        int bound = S.loopBound(n);
        FloatVector bv = FloatVector.broadcast(S, b);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ai + i).div(bv).intoArray(out, oi + i);
        }
        return bound;
    }

    @Override
    void unary(final UnaryOp op, final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int i = switch (op) {
            case NEG -> neg(x, xi, out, oi, n);
            case ABS -> abs(x, xi, out, oi, n);
            case SIGN -> sign(x, xi, out, oi, n);
            case SQRT -> sqrt(x, xi, out, oi, n);
            case RELU -> relu(x, xi, out, oi, n);
        };
        for (; i < n; i++) {
            out[oi + i] = op.apply(x[xi + i]);
        }
    }

    // One method per operation, each returning where its whole vectors end: compiled in one method
    // body, the five loops exceeded the JIT's inlining budget and the square root lost its
    // intrinsic (27 us instead of 3.3 us for 16,384 floats, measured with every op in use).

    private static int neg(final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, x, xi + i).neg().intoArray(out, oi + i);
        }
        return bound;
    }

    private static int abs(final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, x, xi + i).abs().intoArray(out, oi + i);
        }
        return bound;
    }

    /** Math.signum lane by lane: -1 or 1 by the sign, 0 and NaN kept as they are. */
    private static int sign(final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector minusOne = FloatVector.broadcast(S, -1f);
        for (int i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            VectorMask<Float> keep = v.compare(VectorOperators.EQ, 0f).or(v.compare(VectorOperators.NE, v));
            one.blend(minusOne, v.compare(VectorOperators.LT, 0f)).blend(v, keep).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int sqrt(final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, x, xi + i).sqrt().intoArray(out, oi + i);
        }
        return bound;
    }

    private static int relu(final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, oi + i);
        }
        return bound;
    }

    @Override
    void unaryBackward(final UnaryOp op, final float[] x, final int xi, final float[] y, final int yi,
                       final float[] g, final int gi, final float[] out, final int oi, final int n) {
        int i = switch (op) {
            case NEG -> neg(g, gi, out, oi, n);
            case ABS -> absBackward(x, xi, g, gi, out, oi, n);
            case SIGN -> {
                java.util.Arrays.fill(out, oi, oi + n, 0f);
                yield n;
            }
            case SQRT -> sqrtBackward(y, yi, g, gi, out, oi, n);
            case RELU -> reluBackward(x, xi, g, gi, out, oi, n);
        };
        for (; i < n; i++) { // x or y is null where the op does not read it
            out[oi + i] = op.backward(x == null ? 0f : x[xi + i], y == null ? 0f : y[yi + i], g[gi + i]);
        }
    }

    private static int absBackward(final float[] x, final int xi, final float[] g, final int gi, final float[] out,
                                   final int oi, final int n) {
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector minusOne = FloatVector.broadcast(S, -1f);
        for (int i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            VectorMask<Float> keep = v.compare(VectorOperators.EQ, 0f).or(v.compare(VectorOperators.NE, v));
            FloatVector sign = one.blend(minusOne, v.compare(VectorOperators.LT, 0f)).blend(v, keep);
            FloatVector.fromArray(S, g, gi + i).mul(sign).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int sqrtBackward(final float[] y, final int yi, final float[] g, final int gi, final float[] out,
                                    final int oi, final int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, g, gi + i).div(FloatVector.fromArray(S, y, yi + i).mul(2f)).intoArray(out, oi + i);
        }
        return bound;
    }

    private static int reluBackward(final float[] x, final int xi, final float[] g, final int gi, final float[] out,
                                    final int oi, final int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xi + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, gi + i), positive).intoArray(out, oi + i);
        }
        return bound;
    }

    @Override
    double sum(final float[] x, final int xi, final int n) {
        double total = 0;
        for (int from = 0; from < n; from += BLOCK) {
            int end = Math.min(n, from + BLOCK);
            int bound = from + S.loopBound(end - from);
            FloatVector acc = FloatVector.zero(S);
            int i = from;
            for (; i < bound; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, xi + i));
            }
            float part = acc.reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) {
                part += x[xi + i];
            }
            total += part;
        }
        return total;
    }

    @Override
    double squaredDeviations(final float[] x, final int xi, final float mean, final int n) {
        double total = 0;
        FloatVector m = FloatVector.broadcast(S, mean);
        for (int from = 0; from < n; from += BLOCK) {
            int end = Math.min(n, from + BLOCK);
            int bound = from + S.loopBound(end - from);
            FloatVector acc = FloatVector.zero(S);
            int i = from;
            for (; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, xi + i).sub(m);
                acc = acc.add(d.mul(d));
            }
            float part = acc.reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) {
                float d = x[xi + i] - mean;
                part += d * d;
            }
            total += part;
        }
        return total;
    }

    @Override
    double deviationProducts(final float[] g, final int gi, final float[] x, final int xi, final float mean,
                             final int n) {
        double total = 0;
        FloatVector m = FloatVector.broadcast(S, mean);
        for (int from = 0; from < n; from += BLOCK) {
            int end = Math.min(n, from + BLOCK);
            int bound = from + S.loopBound(end - from);
            FloatVector acc = FloatVector.zero(S);
            int i = from;
            for (; i < bound; i += L) {
                acc = acc.add(FloatVector.fromArray(S, g, gi + i).mul(FloatVector.fromArray(S, x, xi + i).sub(m)));
            }
            float part = acc.reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) {
                part += g[gi + i] * (x[xi + i] - mean);
            }
            total += part;
        }
        return total;
    }

    @Override
    void accumulate(final float[] x, final int xi, final float[] acc, final int ai, final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, acc, ai + j).add(FloatVector.fromArray(S, x, xi + j)).intoArray(acc, ai + j);
        }
        for (; j < n; j++) {
            acc[ai + j] += x[xi + j];
        }
    }

    @Override
    void accumulateSquaredDeviations(final float[] x, final int xi, final float[] mean, final int mi,
                                     final float[] acc, final int ai, final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, xi + j).sub(FloatVector.fromArray(S, mean, mi + j));
            FloatVector.fromArray(S, acc, ai + j).add(d.mul(d)).intoArray(acc, ai + j);
        }
        for (; j < n; j++) {
            float d = x[xi + j] - mean[mi + j];
            acc[ai + j] += d * d;
        }
    }

    @Override
    void accumulateGradientSums(final float[] g, final int gi, final float[] x, final int xi, final float[] mean,
                                final int mi, final float[] sumG, final int sgi, final float[] sumGDev, final int sdi,
                                final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector gv = FloatVector.fromArray(S, g, gi + j);
            FloatVector.fromArray(S, sumG, sgi + j).add(gv).intoArray(sumG, sgi + j);
            FloatVector p = gv.mul(FloatVector.fromArray(S, x, xi + j).sub(FloatVector.fromArray(S, mean, mi + j)));
            FloatVector.fromArray(S, sumGDev, sdi + j).add(p).intoArray(sumGDev, sdi + j);
        }
        for (; j < n; j++) {
            float gj = g[gi + j];
            sumG[sgi + j] += gj;
            sumGDev[sdi + j] += gj * (x[xi + j] - mean[mi + j]);
        }
    }

    @Override
    void normalize(final float[] x, final int xi, final float mean, final float scale, final float shift,
                   final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector m = FloatVector.broadcast(S, mean);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xi + i).sub(m).mul(sc).add(sh).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = (x[xi + i] - mean) * scale + shift;
        }
    }

    @Override
    void normalizeRow(final float[] x, final int xi, final float[] mean, final int mi, final float[] invStd,
                      final int ii, final float[] gamma, final int gi, final float[] beta, final int bi,
                      final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector scale = FloatVector.fromArray(S, invStd, ii + j).mul(FloatVector.fromArray(S, gamma, gi + j));
            FloatVector centred = FloatVector.fromArray(S, x, xi + j).sub(FloatVector.fromArray(S, mean, mi + j));
            centred.mul(scale).add(FloatVector.fromArray(S, beta, bi + j)).intoArray(out, oi + j);
        }
        for (; j < n; j++) {
            out[oi + j] = (x[xi + j] - mean[mi + j]) * (invStd[ii + j] * gamma[gi + j]) + beta[bi + j];
        }
    }

    @Override
    void normalizeBackward(final float[] g, final int gi, final float[] x, final int xi, final float mean,
                           final float invStd, final float k, final float count, final float dBeta,
                           final float dGamma, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector m = FloatVector.broadcast(S, mean);
        FloatVector inv = FloatVector.broadcast(S, invStd);
        FloatVector kv = FloatVector.broadcast(S, k);
        FloatVector nv = FloatVector.broadcast(S, count);
        FloatVector db = FloatVector.broadcast(S, dBeta);
        FloatVector dg = FloatVector.broadcast(S, dGamma);
        for (; i < bound; i += L) {
            FloatVector xhatTerm = FloatVector.fromArray(S, x, xi + i).sub(m).mul(inv).mul(dg);
            kv.mul(nv.mul(FloatVector.fromArray(S, g, gi + i)).sub(db).sub(xhatTerm)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = k * (count * g[gi + i] - dBeta - (x[xi + i] - mean) * invStd * dGamma);
        }
    }

    @Override
    void normalizeBackwardRow(final float[] g, final int gi, final float[] x, final int xi, final float[] mean,
                              final int mi, final float[] invStd, final int ii, final float[] gamma, final int gmi,
                              final float count, final float invCount, final float[] dBeta, final int dbi,
                              final float[] dGamma,
                              final int dgi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        FloatVector nv = FloatVector.broadcast(S, count);
        FloatVector invN = FloatVector.broadcast(S, invCount);
        for (; j < bound; j += L) {
            FloatVector inv = FloatVector.fromArray(S, invStd, ii + j);
            FloatVector k = FloatVector.fromArray(S, gamma, gmi + j).mul(inv).mul(invN);
            FloatVector centred = FloatVector.fromArray(S, x, xi + j).sub(FloatVector.fromArray(S, mean, mi + j));
            FloatVector xhatTerm = centred.mul(inv).mul(FloatVector.fromArray(S, dGamma, dgi + j));
            FloatVector scaled = nv.mul(FloatVector.fromArray(S, g, gi + j))
                    .sub(FloatVector.fromArray(S, dBeta, dbi + j));
            k.mul(scaled.sub(xhatTerm)).intoArray(out, oi + j);
        }
        for (; j < n; j++) {
            float inv = invStd[ii + j];
            float k = gamma[gmi + j] * inv * invCount;
            out[oi + j] = k * (count * g[gi + j] - dBeta[dbi + j] - (x[xi + j] - mean[mi + j]) * inv * dGamma[dgi + j]);
        }
    }

    // The optimizers: the same float operations in the same order as the plain loops (no fused
    // multiply-add; a float square root is the correctly rounded one, as (float) Math.sqrt is).

    @Override
    void sgdMomentum(final float[] w, final int wi, final float[] g, final int gi, final float[] velocity,
                     final int vi, final int n, final float lr, final float momentum, final float weightDecay) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, wi + i);
            FloatVector d = FloatVector.fromArray(S, g, gi + i).add(wv.mul(weightDecay));
            FloatVector vNew = flushSubnormal(FloatVector.fromArray(S, velocity, vi + i).mul(momentum).add(d));
            vNew.intoArray(velocity, vi + i);
            wv.sub(vNew.mul(lr)).intoArray(w, wi + i);
        }
        for (int i = bound; i < n; i++) {
            float d = g[gi + i] + weightDecay * w[wi + i];
            float v = Subnormals.flush(momentum * velocity[vi + i] + d);
            velocity[vi + i] = v;
            w[wi + i] -= lr * v;
        }
    }

    @Override
    void adam(final float[] w, final int wi, final float[] g, final int gi, final float[] m, final int mi,
              final float[] v, final int vi, final int n, final float stepSize, final float beta1,
              final float beta2, final float c1, final float c2, final float correction2, final float eps,
              final float weightDecay) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, wi + i);
            FloatVector d = FloatVector.fromArray(S, g, gi + i).add(wv.mul(weightDecay));
            FloatVector mNew = flushSubnormal(FloatVector.fromArray(S, m, mi + i).mul(beta1).add(d.mul(c1)));
            FloatVector vNew = flushSubnormal(FloatVector.fromArray(S, v, vi + i).mul(beta2).add(d.mul(c2).mul(d)));
            mNew.intoArray(m, mi + i);
            vNew.intoArray(v, vi + i);
            wv.sub(mNew.mul(stepSize).div(vNew.sqrt().div(correction2).add(eps))).intoArray(w, wi + i);
        }
        for (int i = bound; i < n; i++) {
            PlainElementwiseKernel.adamOne(w, wi + i, g, gi + i, m, mi + i, v, vi + i, stepSize, beta1, beta2, c1, c2,
                    correction2, eps, weightDecay);
        }
    }

    /** {@link Subnormals#flush} on each lane. */
    private static FloatVector flushSubnormal(final FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }

    // 2x2 max pooling: each of a window's four values gathered for a vector of windows, compared in
    // the scalar loop's order with its rule (v beats max when max is a number and not v <= max), so
    // that the same maximum wins without a branch on the data (which one wins is a coin toss that
    // the branch predictor loses: the scalar loop took 4 ns a window, these 0.5).

    @Override
    int maxPool2x2(final float[] x, final int in, final int w, final int[] map, final float[] y, final int out,
                   final int n) {
        int bound = S.loopBound(n);
        for (int j = 0; j < bound; j += L) {
            FloatVector max = FloatVector.fromArray(S, x, in, map, j);
            FloatVector v = FloatVector.fromArray(S, x, in + 1, map, j);
            max = max.blend(v, max.compare(VectorOperators.EQ, max).and(v.compare(VectorOperators.LE, max).not()));
            v = FloatVector.fromArray(S, x, in + w, map, j);
            max = max.blend(v, max.compare(VectorOperators.EQ, max).and(v.compare(VectorOperators.LE, max).not()));
            v = FloatVector.fromArray(S, x, in + w + 1, map, j);
            max = max.blend(v, max.compare(VectorOperators.EQ, max).and(v.compare(VectorOperators.LE, max).not()));
            max.intoArray(y, out + j);
        }
        return bound;
    }

    @Override
    int maxPool2x2Backward(final float[] x, final int in, final int w, final int[] map, final float[] dy,
                           final int dyOut, final float[] dx, final int dxIn, final int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < bound; j += L) {
            FloatVector a = FloatVector.fromArray(S, x, in, map, j);
            FloatVector b = FloatVector.fromArray(S, x, in + 1, map, j);
            FloatVector c = FloatVector.fromArray(S, x, in + w, map, j);
            FloatVector d = FloatVector.fromArray(S, x, in + w + 1, map, j);
            VectorMask<Float> beatsB = a.compare(VectorOperators.EQ, a).and(b.compare(VectorOperators.LE, a).not());
            FloatVector max = a.blend(b, beatsB);
            VectorMask<Float> beatsC = max.compare(VectorOperators.EQ, max)
                .and(c.compare(VectorOperators.LE, max).not());
            max = max.blend(c, beatsC);
            VectorMask<Float> beatsD = max.compare(VectorOperators.EQ, max)
                .and(d.compare(VectorOperators.LE, max).not());
            FloatVector g = zero.add(FloatVector.fromArray(S, dy, dyOut + j));
            g.blend(zero, beatsB.or(beatsC).or(beatsD)).intoArray(dx, dxIn, map, j);
            zero.blend(g, beatsB.and(beatsC.or(beatsD).not())).intoArray(dx, dxIn + 1, map, j);
            zero.blend(g, beatsC.and(beatsD.not())).intoArray(dx, dxIn + w, map, j);
            zero.blend(g, beatsD).intoArray(dx, dxIn + w + 1, map, j);
        }
        return bound;
    }
}
