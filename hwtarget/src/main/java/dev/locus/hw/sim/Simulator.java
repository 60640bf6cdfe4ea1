package dev.locus.hw.sim;

import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.interp.OpCall;
import dev.locus.compiler.interp.OpContext;
import dev.locus.compiler.interp.OpSemantics;
import dev.locus.compiler.interp.Tensor;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Optimizer;
import dev.locus.compiler.ir.ParameterInit;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.ValueRole;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.NodeKind;
import dev.locus.hw.graph.Precision;
import dev.locus.runtime.kernel.Optimizers;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes the dataflow graph numerically: node after node in the order a sample goes through
 * them, each node computing its IR ops with the IR's own op semantics and rounding every value it
 * computes to its element type (float32, or fixed point Qm.n, saturated). Weights live in the
 * weight memories at their node's element type; the classifier generators regenerate the fixed
 * tensors with the JVM backend's draws; the update nodes step the optimizer with the runtime's
 * kernels (the JVM backend's), once per batch, after every sample of it went through: the
 * hardware's write-back at the end of a batch. A batch is computed a node at a time over all its
 * samples, which is the same arithmetic as sample after sample with the gradients accumulated.
 *
 * <p>Inside an op the arithmetic is the IR semantics' double, rounded once at the op's output:
 * the float32 simulation agrees with the JVM backend (float all along) to float rounding, not
 * bit for bit (docs/HARDWARE.md gives the tolerance the tests hold it to).
 */
public final class Simulator {
    private final HwGraph graph;
    private final IrGraph ir;
    private final long seed;
    private final List<HwNode> order;
    private final Map<IrValue, float[]> parameters = new LinkedHashMap<>();
    private final Map<IrValue, float[]> moments = new IdentityHashMap<>();
    private final Map<IrValue, int[]> counters = new IdentityHashMap<>();
    private final Map<IrValue, Tensor> fixed = new IdentityHashMap<>();
    private final Map<IrValue, Precision> precisionOf = new IdentityHashMap<>();
    private final Map<IrValue, Tensor> values = new IdentityHashMap<>();
    private long steps;
    private long samples;

    public Simulator(final HwGraph graph) {
        this.graph = graph;
        this.ir = graph.ir();
        this.seed = ir.training().seed();
        this.order = graph.sampleOrder();
        for (HwNode n : graph.nodes()) {
            for (IrValue v : n.held()) {
                precisionOf.put(v, n.precision());
            }
            for (IrOp op : n.ops()) {
                if (op.output() != null) {
                    precisionOf.put(op.output(), n.precision());
                }
            }
        }
        for (IrValue p : ir.parameters()) {
            float[] w = new float[p.type().shape().intSize()];
            initialize(ir.init(p), w, SeededRandom.forKey(seed, p.layer(), p.name().substring(p.layer().length() + 1)));
            round(w, precisionOf.getOrDefault(p, Precision.FLOAT32));
            parameters.put(p, w);
        }
        for (IrValue s : ir.states()) {
            if (s.stateKind().counter()) {
                counters.put(s, new int[1]);
            } else {
                moments.put(s, new float[s.type().shape().intSize()]);
            }
        }
        for (IrBlock b : ir.schedule().init()) {
            for (IrOp op : b.ops()) {
                if (op.kind() == OpKind.INIT_PARAMETER) {
                    float[] w = parameters.get(op.input(0));
                    double[] first = fixed.get(op.input(1)).data();
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) first[i];
                    }
                    round(w, precisionOf.getOrDefault(op.input(0), Precision.FLOAT32));
                    continue;
                }
                Tensor t = DrawStream.isDraw(op.kind()) ? widen(op, DrawStream.all(op, seed))
                        : evaluate(op, Mode.TRAINING, 1);
                round(t.data(), precisionOf.get(op.output()));
                fixed.put(op.output(), t);
            }
        }
    }

    public HwGraph graph() {
        return graph;
    }

    private static void initialize(final ParameterInit init, final float[] w, final SeededRandom random) {
        Initializer initializer = switch (init.kind()) {
            case "zeros", "learned" -> null; // a learned tensor is set by its INIT_PARAMETER
            case "ones" -> {
                java.util.Arrays.fill(w, 1f);
                yield null;
            }
            case "he_uniform" -> Initializer.heUniform();
            case "he_normal" -> Initializer.heNormal();
            case "xavier_uniform" -> Initializer.xavierUniform();
            case "uniform" -> Initializer.uniform(init.parameter());
            case "normal" -> Initializer.normal(init.parameter());
            default -> throw new IllegalArgumentException("no initializer " + init.kind());
        };
        if (initializer != null) {
            initializer.fill(w, init.fanIn(), init.fanOut(), random);
        }
    }

    /** One minibatch of {@code count} samples through every node, then each parameter's update. */
    public void trainStep(final float[] images, final int[] labels, final int count) {
        values.clear();
        put(ir.images(), images, count);
        double[] l = new double[count];
        for (int i = 0; i < count; i++) {
            l[i] = labels[i];
        }
        values.put(ir.labels(), Tensor.of(ir.labels().type(), count, l));
        List<IrOp> updates = new ArrayList<>();
        for (HwNode n : order) {
            for (IrOp op : n.ops()) {
                if (op.block().kind() == IrBlock.Kind.INIT) {
                    continue;
                }
                if (op.kind() == OpKind.APPLY_UPDATE) {
                    updates.add(op);
                } else {
                    Tensor t = evaluate(op, Mode.TRAINING, count);
                    round(t.data(), n.precision());
                    values.put(op.output(), t);
                }
            }
        }
        // the write-back at the end of the batch, in the IR's order of the update blocks
        for (IrBlock b : ir.schedule().updates()) {
            for (IrOp op : b.ops()) {
                if (updates.contains(op)) {
                    update(op);
                }
            }
        }
        counters.forEach((s, c) -> {
            if (s.stateKind() == StateKind.TRAINING_STEP) {
                c[0]++;
            }
        });
        steps++;
        samples += count;
    }

    /** The predicted class of each of {@code count} samples: the forward nodes in predicting mode. */
    public int[] predict(final float[] images, final int count) {
        values.clear();
        put(ir.images(), images, count);
        for (HwNode n : order) {
            for (IrOp op : n.ops()) {
                if (op.block().kind() == IrBlock.Kind.FORWARD) {
                    Tensor t = evaluate(op, Mode.PREDICTING, count);
                    round(t.data(), n.precision());
                    values.put(op.output(), t);
                }
            }
        }
        Tensor scores = values.get(ir.prediction());
        int classes = scores.sampleSize();
        int[] out = new int[count];
        for (int s = 0; s < count; s++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores.get(s * classes + c) > scores.get(s * classes + best)) {
                    best = c;
                }
            }
            out[s] = best;
        }
        return out;
    }

    /** The live values of the parameter named {@code layer.name}. */
    public float[] parameter(final String name) {
        return parameters.entrySet().stream().filter(e -> e.getKey().name().equals(name)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
    }

    /** The parameters by name. */
    public Map<String, float[]> parameters() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((p, w) -> out.put(p.name(), w));
        return out;
    }

    /** The fixed tensor {@code v} as the generator makes it. */
    public float[] fixed(final IrValue v) {
        double[] d = fixed.get(v).data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    public long steps() {
        return steps;
    }

    /** The samples trained on so far. */
    public long samples() {
        return samples;
    }

    private void put(final IrValue images, final float[] data, final int count) {
        int size = images.type().shape().intSize() * count;
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = data[i];
        }
        round(d, graph.node("input").precision());
        values.put(images, Tensor.of(images.type(), count, d));
    }

    private Tensor evaluate(final IrOp op, final Mode mode, final int batch) {
        List<Tensor> inputs = new ArrayList<>();
        for (IrValue v : op.inputs()) {
            inputs.add(lookup(v));
        }
        return OpSemantics.evaluate(OpCall.of(op, inputs), new OpContext(mode, seed, op.block().layer(), batch));
    }

    private Tensor lookup(final IrValue v) {
        if (v.role() == ValueRole.PARAMETER) {
            return widen(v, parameters.get(v));
        }
        if (v.role() == ValueRole.FIXED) {
            return fixed.get(v);
        }
        if (v.role() == ValueRole.STATE) {
            if (counters.containsKey(v)) {
                return Tensor.scalar(counters.get(v)[0]);
            }
            return widen(v, moments.get(v));
        }
        Tensor t = values.get(v);
        if (t == null) {
            throw new IllegalStateException(v + " has no value yet: the node order misses an edge");
        }
        return t;
    }

    private void update(final IrOp op) {
        IrValue p = op.input(0);
        float[] w = parameters.get(p);
        double[] gd = lookup(op.input(1)).data();
        float[] g = new float[gd.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) gd[i];
        }
        Optimizer o = op.attrs(Attrs.Update.class).optimizer();
        if (o instanceof Optimizer.Sgd sgd) {
            Optimizers.sgd(w, 0, g, 0, sgd.momentum() == 0 ? null : moments.get(op.input(2)), 0, w.length,
                    (float) sgd.lr(), (float) sgd.momentum(), (float) sgd.weightDecay());
        } else {
            Optimizer.Adam adam = (Optimizer.Adam) o;
            int[] step = counters.get(op.input(4));
            step[0]++;
            Optimizers.adam(w, 0, g, 0, moments.get(op.input(2)), 0, moments.get(op.input(3)), 0, w.length,
                    (float) adam.lr(), (float) adam.beta1(), (float) adam.beta2(), (float) adam.eps(), 0f, step[0]);
        }
        Precision precision = precisionOf.getOrDefault(p, Precision.FLOAT32);
        round(w, precision);
    }

    private static Tensor widen(final IrOp op, final float[] data) {
        return widen(op.output(), data);
    }

    private static Tensor widen(final IrValue v, final float[] data) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return Tensor.of(v.type(), 1, d);
    }

    private static void round(final double[] d, final Precision p) {
        for (int i = 0; i < d.length; i++) {
            d[i] = p.round(d[i]);
        }
    }

    private static void round(final float[] d, final Precision p) {
        if (!p.isFloat()) {
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) p.round(d[i]);
            }
        }
    }

    /** Whether {@code n} is computed by the simulator (memories and streams only hold or bring data). */
    static boolean computes(final HwNode n) {
        return !n.kind().memory() && n.kind() != NodeKind.INPUT && n.kind() != NodeKind.LABELS;
    }
}
