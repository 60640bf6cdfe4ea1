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

    private static FloatVector load(final float[] a, final int i) {
        return FloatVector.fromArray(S, a, i);
    }

    @Override
    void binary(final BinaryOp op, final float[] a, final int ai, final float[] b, final int bi, final float[] out,
                final int oi, final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).add(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).sub(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).mul(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).div(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oi + i] = op.apply(a[ai + i], b[bi + i]);
        }
    }

    @Override
    void binary(final BinaryOp op, final float a, final float[] b, final int bi, final float[] out, final int oi,
                final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector av = FloatVector.broadcast(S, a);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    av.add(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    av.sub(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    av.mul(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    av.div(load(b, bi + i)).intoArray(out, oi + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oi + i] = op.apply(a, b[bi + i]);
        }
    }

    @Override
    void binary(final BinaryOp op, final float[] a, final int ai, final float b, final float[] out, final int oi,
                final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector bv = FloatVector.broadcast(S, b);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).add(bv).intoArray(out, oi + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).sub(bv).intoArray(out, oi + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).mul(bv).intoArray(out, oi + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    load(a, ai + i).div(bv).intoArray(out, oi + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oi + i] = op.apply(a[ai + i], b);
        }
    }

    /** Math.signum lane by lane: -1 or 1 by the sign, 0 and NaN kept as they are. */
    private static FloatVector signum(final FloatVector v) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector s = one.blend(one.neg(), v.compare(VectorOperators.LT, 0f));
        VectorMask<Float> keep = v.compare(VectorOperators.EQ, 0f).or(v.compare(VectorOperators.NE, v));
        return s.blend(v, keep);
    }

    @Override
    void unary(final UnaryOp op, final float[] x, final int xi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L) {
                    load(x, xi + i).neg().intoArray(out, oi + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += L) {
                    load(x, xi + i).abs().intoArray(out, oi + i);
                }
            }
            case SIGN -> {
                for (; i < bound; i += L) {
                    signum(load(x, xi + i)).intoArray(out, oi + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += L) {
                    load(x, xi + i).sqrt().intoArray(out, oi + i);
                }
            }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xi + i);
                    zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, oi + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oi + i] = op.apply(x[xi + i]);
        }
    }

    @Override
    void unaryBackward(final UnaryOp op, final float[] x, final int xi, final float[] y, final int yi,
                       final float[] g, final int gi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L) {
                    load(g, gi + i).neg().intoArray(out, oi + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += L) {
                    load(g, gi + i).mul(signum(load(x, xi + i))).intoArray(out, oi + i);
                }
            }
            case SIGN -> {
                java.util.Arrays.fill(out, oi, oi + n, 0f);
                return;
            }
            case SQRT -> {
                for (; i < bound; i += L) {
                    load(g, gi + i).div(load(y, yi + i).mul(2f)).intoArray(out, oi + i);
                }
            }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    zero.blend(load(g, gi + i), load(x, xi + i).compare(VectorOperators.GT, 0f))
                            .intoArray(out, oi + i);
                }
            }
        }
        for (; i < n; i++) { // x or y is null where the op does not read it
            out[oi + i] = op.backward(x == null ? 0f : x[xi + i], y == null ? 0f : y[yi + i], g[gi + i]);
        }
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
                acc = acc.add(load(x, xi + i));
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
                FloatVector d = load(x, xi + i).sub(m);
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
                acc = acc.add(load(g, gi + i).mul(load(x, xi + i).sub(m)));
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
            load(acc, ai + j).add(load(x, xi + j)).intoArray(acc, ai + j);
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
            FloatVector d = load(x, xi + j).sub(load(mean, mi + j));
            load(acc, ai + j).add(d.mul(d)).intoArray(acc, ai + j);
        }
        for (; j < n; j++) {
            float d = x[xi + j] - mean[mi + j];
            acc[ai + j] += d * d;
        }
    }

    @Override
    void accumulateDeviationProducts(final float[] g, final int gi, final float[] x, final int xi,
                                     final float[] mean, final int mi, final float[] acc, final int ai,
                                     final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector p = load(g, gi + j).mul(load(x, xi + j).sub(load(mean, mi + j)));
            load(acc, ai + j).add(p).intoArray(acc, ai + j);
        }
        for (; j < n; j++) {
            acc[ai + j] += g[gi + j] * (x[xi + j] - mean[mi + j]);
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
            load(x, xi + i).sub(m).mul(sc).add(sh).intoArray(out, oi + i);
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
            FloatVector scale = load(invStd, ii + j).mul(load(gamma, gi + j));
            load(x, xi + j).sub(load(mean, mi + j)).mul(scale).add(load(beta, bi + j)).intoArray(out, oi + j);
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
            FloatVector xhatTerm = load(x, xi + i).sub(m).mul(inv).mul(dg);
            kv.mul(nv.mul(load(g, gi + i)).sub(db).sub(xhatTerm)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = k * (count * g[gi + i] - dBeta - (x[xi + i] - mean) * invStd * dGamma);
        }
    }

    @Override
    void normalizeBackwardRow(final float[] g, final int gi, final float[] x, final int xi, final float[] mean,
                              final int mi, final float[] invStd, final int ii, final float[] gamma, final int gmi,
                              final float count, final float[] dBeta, final int dbi, final float[] dGamma,
                              final int dgi, final float[] out, final int oi, final int n) {
        int bound = S.loopBound(n);
        int j = 0;
        FloatVector nv = FloatVector.broadcast(S, count);
        for (; j < bound; j += L) {
            FloatVector inv = load(invStd, ii + j);
            FloatVector k = load(gamma, gmi + j).mul(inv).div(nv);
            FloatVector xhatTerm = load(x, xi + j).sub(load(mean, mi + j)).mul(inv).mul(load(dGamma, dgi + j));
            k.mul(nv.mul(load(g, gi + j)).sub(load(dBeta, dbi + j)).sub(xhatTerm)).intoArray(out, oi + j);
        }
        for (; j < n; j++) {
            float inv = invStd[ii + j];
            float k = gamma[gmi + j] * inv / count;
            out[oi + j] = k * (count * g[gi + j] - dBeta[dbi + j] - (x[xi + j] - mean[mi + j]) * inv * dGamma[dgi + j]);
        }
    }
}
