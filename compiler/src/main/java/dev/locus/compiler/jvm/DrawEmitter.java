package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ParameterInit;
import org.objectweb.asm.Type;

/**
 * What {@code initializeParameters(seed)} draws, from the same keyed streams as the interpreter
 * (docs/RANDOM.md): each parameter from {@code SeededRandom.forKey(seed, layer, name)} through its
 * initializer, each fixed tensor from the key of (seed, layer, its key), each dropout mask's layer
 * stream key (split by the step when the mask is drawn). The interpreter draws the same floats and
 * widens them, so both backends start from the same tensors, bit for bit.
 */
final class DrawEmitter {
    private DrawEmitter() {
    }

    /** A parameter's first values; "zeros" draws nothing (registered tensors are zero on entry). */
    static void parameter(final Emission e, final IrGraph graph, final IrValue p, final FieldRef field,
                          final Local seed, final String name) {
        ParameterInit init = graph.init(p);
        MethodEmitter m = e.method();
        switch (init.kind()) {
            case "ones" -> m.invoke(Kernels.FILL, 1f, field, 0, p.type().shape().intSize());
            case "zeros", ParameterInit.LEARNED_KIND -> {
                // zero on entry; a learned tensor is set by its layer's INIT block (INIT_PARAMETER)
            }
            case "he_uniform", "he_normal", "xavier_uniform", "uniform", "normal" -> {
                switch (init.kind()) {
                    case "he_uniform" -> m.invoke(Kernels.HE_UNIFORM);
                    case "he_normal" -> m.invoke(Kernels.HE_NORMAL);
                    case "xavier_uniform" -> m.invoke(Kernels.XAVIER_UNIFORM);
                    case "uniform" -> m.invoke(Kernels.UNIFORM, init.parameter());
                    default -> m.invoke(Kernels.NORMAL, init.parameter());
                }
                m.load(field).push(init.fanIn()).push(init.fanOut()).invoke(Kernels.FOR_KEY, seed, p.layer(), name)
                    .call(Kernels.INIT_FILL);
            }
            default -> throw new IllegalArgumentException("no initializer `" + init.kind() + "` for " + p);
        }
    }

    /** The key of the stream (seed, layer, name) into a new long local. */
    static Local key(final Emission e, final Local seed, final String layer, final String name) {
        Local key = e.temporary("key", Type.LONG_TYPE);
        e.method().invoke(Kernels.FOR_KEY, seed, layer, name).call(Kernels.KEY).store(key);
        return key;
    }

    /** The layer's dropout stream key, kept in a field for every step's mask. */
    static void dropoutKey(final Emission e, final IrOp op, final Local seed) {
        e.method().invoke(Kernels.FOR_KEY, seed, op.block().layer(), "dropout").call(Kernels.KEY)
            .storeField(e.plan().dropoutKey(op));
    }

    static void uniform(final Emission e, final IrOp op, final Local seed) {
        Attrs.Draw draw = op.attrs(Attrs.Draw.class);
        Local key = key(e, seed, op.block().layer(), draw.key());
        e.method().invoke(Kernels.FIXED_UNIFORM, key, (float) draw.bound(), e.array(op.output()), 0,
            op.output().type().shape().intSize());
    }

    static void normal(final Emission e, final IrOp op, final Local seed) {
        Attrs.Draw draw = op.attrs(Attrs.Draw.class);
        Local key = key(e, seed, op.block().layer(), draw.key());
        e.method().invoke(Kernels.FIXED_NORMAL, key, (float) draw.bound(), e.array(op.output()), 0,
            op.output().type().shape().intSize());
    }

    /** A learned tensor's first value: the fixed tensor drawn for it, copied into the parameter. */
    static void initParameter(final Emission e, final IrOp op) {
        e.method().invoke(Kernels.COPY, e.array(op.input(1)), 0, e.array(op.input(0)), 0,
            op.input(0).type().shape().intSize());
    }

    static void signConcordant(final Emission e, final IrOp op, final Local seed) {
        Attrs.SignConcordant sc = op.attrs(Attrs.SignConcordant.class);
        Local key = key(e, seed, op.block().layer(), sc.key());
        e.method().invoke(Kernels.SIGN_CONCORDANT, key, sc.spread(), e.array(op.input(0)), 0, e.array(op.output()), 0,
            op.output().type().shape().intSize());
    }
}
