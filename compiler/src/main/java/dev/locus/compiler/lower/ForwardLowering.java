package dev.locus.compiler.lower;

import dev.locus.compiler.check.CheckedLayer;
import dev.locus.compiler.check.LayerOp;
import dev.locus.compiler.check.ResolvedOp;
import dev.locus.compiler.check.Value;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.ParameterInit;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Lowers a checked layer's ops into its FORWARD block, creating its parameters. */
final class ForwardLowering {
    private final IrGraph graph;

    ForwardLowering(final IrGraph graph) {
        this.graph = graph;
    }

    LayerForward lower(final CheckedLayer layer, final int index, final List<IrValue> inputs) {
        IrBlock block = graph.addBlock(layer.name(), index, IrBlock.Kind.FORWARD);
        List<IrValue> params = new ArrayList<>();
        List<IrValue> weights = new ArrayList<>();
        IrValue x = inputs.size() == 1 ? inputs.get(0)
                : block.op(OpKind.CONCAT, layer.name() + ".in", TensorType.perSample(Lowering.shape(layer.in())), inputs,
                        layer.span());
        IrValue in = x;
        int n = 0;
        int weighted = 0;
        int normalized = 0;
        for (ResolvedOp r : layer.ops()) {
            String p = layer.name() + "." + (n++);
            TensorType outType = TensorType.perSample(Lowering.shape(r.out()));
            LayerOp op = r.op();
            if (op instanceof LayerOp.Dense d) {
                int fanIn = r.in().dim(0);
                String suffix = ordinal(++weighted);
                IrValue w = param(layer, "weight" + suffix, Shape.of(fanIn, d.units()), init(d.init(), fanIn, d.units()),
                        params);
                weights.add(w);
                x = block.op(OpKind.MATMUL, p + ".matmul", outType, List.of(x, w), r.origin());
                if (d.bias()) {
                    IrValue b = param(layer, "bias" + suffix, Shape.of(d.units()), zeros(), params);
                    x = block.op(OpKind.ADD_BIAS, p + ".bias", outType, List.of(x, b), r.origin());
                }
            } else if (op instanceof LayerOp.Conv2d c) {
                int cin = r.in().dim(0);
                int area = c.kernel() * c.kernel();
                String suffix = ordinal(++weighted);
                IrValue w = param(layer, "weight" + suffix, Shape.of(c.channels(), cin, c.kernel(), c.kernel()),
                        init(c.init(), cin * area, c.channels() * area), params);
                weights.add(w);
                x = block.op(OpKind.CONV2D, p + ".conv", outType, List.of(x, w),
                        new Attrs.Conv(c.stride(), c.pad(), c.kernel()), r.origin());
                if (c.bias()) {
                    IrValue b = param(layer, "bias" + suffix, Shape.of(c.channels()), zeros(), params);
                    x = block.op(OpKind.ADD_BIAS, p + ".bias", outType, List.of(x, b), r.origin());
                }
            } else if (op instanceof LayerOp.Pool pool) {
                x = block.op(pool.max() ? OpKind.MAXPOOL : OpKind.AVGPOOL, p + ".pool", outType, List.of(x),
                        new Attrs.Pool(pool.size(), pool.stride()), r.origin());
            } else if (op instanceof LayerOp.Flatten) {
                x = block.op(OpKind.RESHAPE, p + ".flatten", outType, List.of(x), r.origin());
            } else if (op instanceof LayerOp.Dropout drop) {
                IrValue mask = block.op(OpKind.DROPOUT_MASK, p + ".mask", outType, List.of(graph.trainingStep()),
                        new Attrs.Dropout(drop.p()), r.origin());
                x = block.op(OpKind.MUL, p + ".dropout", outType, List.of(x, mask), r.origin());
            } else if (op instanceof LayerOp.BatchNorm bn) {
                int channels = r.in().dim(0);
                String suffix = ordinal(++normalized);
                IrValue gamma = param(layer, "gamma" + suffix, Shape.of(channels), new ParameterInit("ones", 0, 0, 0),
                        params);
                IrValue beta = param(layer, "beta" + suffix, Shape.of(channels), zeros(), params);
                TensorType perChannel = TensorType.single(Shape.of(channels));
                IrValue mean = graph.addState(StateKind.RUNNING_MEAN, layer.name() + ".running_mean" + suffix,
                        perChannel, layer.name(), null);
                IrValue variance = graph.addState(StateKind.RUNNING_VAR, layer.name() + ".running_var" + suffix,
                        perChannel, layer.name(), null);
                x = block.op(OpKind.BATCHNORM, p + ".batchnorm", outType, List.of(x, gamma, beta, mean, variance),
                        new Attrs.BatchNorm(bn.eps(), bn.momentum()), r.origin());
            } else if (op instanceof LayerOp.Activation a) {
                x = activation(block, a, x, outType, p, r);
            }
        }
        return new LayerForward(layer.name(), index, inputs, in, x, params, weights, block.ops());
    }

    private static IrValue activation(final IrBlock block, final LayerOp.Activation a, final IrValue x,
                                      final TensorType type, final String p, final ResolvedOp r) {
        switch (a.kind()) {
            case "relu":
                return block.op(OpKind.RELU, p + ".relu", type, List.of(x), r.origin());
            case "tanh":
                return block.op(OpKind.TANH, p + ".tanh", type, List.of(x), r.origin());
            case "sigmoid":
                return block.op(OpKind.SIGMOID, p + ".sigmoid", type, List.of(x), r.origin());
            case "leaky_relu":
                return block.op(OpKind.LEAKY_RELU, p + ".leaky_relu", type, List.of(x), new Attrs.Leaky(a.slope()),
                        r.origin());
            default:
                return x; // identity
        }
    }

    /**
     * The suffix that tells apart the k-th weighted op (dense, conv2d) or batch norm of one layer:
     * none for the first, so that the usual layer reads {@code fc1.weight}, {@code fc1.bias},
     * {@code bn.gamma}; then {@code _2}, {@code _3}... A bias takes its weight's suffix.
     */
    private static String ordinal(final int k) {
        return k == 1 ? "" : "_" + k;
    }

    private IrValue param(final CheckedLayer layer, final String name, final Shape shape, final ParameterInit init,
                          final List<IrValue> params) {
        IrValue v = graph.addParameter(layer.name(), name, TensorType.single(shape), init);
        params.add(v);
        return v;
    }

    private static ParameterInit init(final Value.Init init, final int fanIn, final int fanOut) {
        return new ParameterInit(init.kind(), Double.isNaN(init.parameter()) ? 0 : init.parameter(), fanIn, fanOut);
    }

    private static ParameterInit zeros() {
        return new ParameterInit("zeros", 0, 0, 0);
    }
}
