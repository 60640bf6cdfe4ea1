package dev.locus.compiler.interp;

import dev.locus.compiler.ir.TensorType;
import dev.locus.runtime.random.SeededRandom;

/**
 * The ops of INIT blocks, which draw a layer's fixed tensors once from the stream
 * (seed, layer, key). Uniform and normal entries go through the generator's float conversions,
 * as every backend draws them, and are then widened, so that all backends hold the same tensor.
 */
final class FixedTensorOps {
    private FixedTensorOps() {
    }

    private static SeededRandom stream(final OpContext ctx, final String key) {
        return SeededRandom.forKey(ctx.seed(), ctx.layer(), key);
    }

    /** Entries uniform in [-bound, bound), row-major. */
    static Tensor uniform(final TensorType outType, final OpContext ctx, final double bound, final String key) {
        float[] drawn = new float[Math.toIntExact(outType.shape().size())];
        stream(ctx, key).fillUniform(drawn, (float) bound);
        return widened(outType, drawn);
    }

    /** Entries normal with mean 0 and deviation std, row-major. */
    static Tensor normal(final TensorType outType, final OpContext ctx, final double std, final String key) {
        float[] drawn = new float[Math.toIntExact(outType.shape().size())];
        stream(ctx, key).fillNormal(drawn, (float) std);
        return widened(outType, drawn);
    }

    private static Tensor widened(final TensorType type, final float[] drawn) {
        double[] values = new double[drawn.length];
        for (int i = 0; i < drawn.length; i++) {
            values[i] = drawn[i];
        }
        return Tensor.of(type, 1, values);
    }

    /** m times max(0, 1 + spread z) element-wise, z standard normal: m's signs kept, magnitudes varied. */
    static Tensor signConcordant(final Tensor m, final OpContext ctx, final double spread, final String key) {
        SeededRandom random = stream(ctx, key);
        Tensor out = Tensor.zeros(m.type(), m.samples());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = m.get(i) * Math.max(0, 1 + spread * random.nextGaussian());
        }
        return out;
    }
}
