package dev.locus.compiler.rules;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.interp.Tensor;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The whole pipeline for one program: Locus source, checked, lowered to IR (verified), run by the
 * reference interpreter; and what the graph-level tests read back from it: the gradient each
 * update block hands its optimizer, and the scalars a rule minimizes.
 */
final class Pipeline {
    /** A train block's data setting that checks without files (nothing is loaded in these tests). */
    static final String NO_DATA = "idx(images: \"a\", labels: \"b\", test_images: \"c\", test_labels: \"d\")";

    final TrainingPlan plan;
    final IrGraph graph;
    private final long seed;
    Interpreter interpreter;
    /**
     * When set, every frozen step runs on a new interpreter holding the current parameters: its
     * step is always the first, so dropout draws the same masks at every evaluation.
     */
    boolean firstStepAlways;

    private Pipeline(final TrainingPlan plan, final long seed) {
        this.plan = plan;
        this.seed = seed;
        this.graph = Compilation.lower(plan);
        this.interpreter = new Interpreter(graph, seed);
    }

    /** The first train block of {@code source}, which must check without errors. */
    static TrainingPlan plan(final String source) {
        Diagnostics d = new Diagnostics();
        CheckedProgram p = FrontEnd.check(Path.of("rules.locus"), source, d)
                .orElseThrow(() -> new AssertionError("does not check: " + d.all() + "\n" + source));
        if (p.plans().isEmpty()) {
            throw new AssertionError("no train block in\n" + source);
        }
        return p.plans().get(0);
    }

    static Pipeline of(final String source) {
        TrainingPlan plan = plan(source);
        return new Pipeline(plan, plan.seed());
    }

    static Pipeline of(final String source, final long seed) {
        return new Pipeline(plan(source), seed);
    }

    /** {@code network} followed by a train block for it under {@code rule} and {@code optimizer}. */
    static String program(final String network, final String networkName, final String rule, final String optimizer,
                          final int seed) {
        return network + "\ntrain " + networkName + " {\n    data " + NO_DATA + "\n    rule " + rule
                + "\n    optimizer " + optimizer + "\n    batch 4\n    epochs 1\n    seed " + seed + "\n}\n";
    }

    List<String> layers() {
        return interpreter.layers();
    }

    String outputLayer() {
        List<String> l = layers();
        return l.get(l.size() - 1);
    }

    /** One step with every layer frozen: every update block computes its gradients, no parameter moves. */
    void frozenStep(final Batch b) {
        if (firstStepAlways) {
            Map<String, double[]> current = parameters();
            interpreter = new Interpreter(graph, seed);
            current.forEach(interpreter::setParameter);
        }
        for (int i = 0; i < layers().size(); i++) {
            interpreter.setTrainable(i, false);
        }
        interpreter.step(b.images, b.labels, b.size, Mode.TRAINING);
    }

    /** The APPLY_UPDATE ops of a layer's update block, by the parameter they update. */
    Map<IrValue, IrValue> gradientValues(final String layer) {
        Map<IrValue, IrValue> out = new LinkedHashMap<>();
        IrBlock update = graph.block(layer, IrBlock.Kind.UPDATE);
        for (IrOp op : update.ops()) {
            if (op.kind() == OpKind.APPLY_UPDATE) {
                out.put(op.input(0), op.input(1));
            }
        }
        return out;
    }

    /** After a step: copies of the gradients the layer's update block computed, by parameter name. */
    Map<String, double[]> gradients(final String layer) {
        Map<String, double[]> out = new LinkedHashMap<>();
        gradientValues(layer).forEach((p, g) -> out.put(p.name(), interpreter.value(g).data().clone()));
        return out;
    }

    /** After a step: the gradients of every layer, by parameter name. */
    Map<String, double[]> allGradients() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String layer : layers()) {
            out.putAll(gradients(layer));
        }
        return out;
    }

    double localLoss(final String layer) {
        return interpreter.localLoss(layer).orElseThrow(() -> new AssertionError(layer + " minimizes nothing"));
    }

    /** The live values of the fixed tensor computed by the first op of {@code kind} in the layer's INIT block. */
    Tensor fixed(final String layer, final OpKind kind) {
        IrBlock init = graph.block(layer, IrBlock.Kind.INIT);
        for (IrOp op : init.ops()) {
            if (op.kind() == kind) {
                return interpreter.value(op.output());
            }
        }
        throw new AssertionError(layer + " draws no " + kind);
    }

    /** Every parameter's values, copied. */
    Map<String, double[]> parameters() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : interpreter.parameterNames()) {
            out.put(name, interpreter.parameter(name).data().clone());
        }
        return out;
    }

    /** Every fixed tensor (INIT block values) of every layer, copied, by value name. */
    Map<String, double[]> fixedTensors() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (IrBlock b : graph.blocks()) {
            if (b.kind() == IrBlock.Kind.INIT) {
                for (IrOp op : b.ops()) {
                    if (op.output() != null) { // not INIT_PARAMETER, which sets a learned tensor (a parameter)
                        out.put(op.output().toString(), interpreter.value(op.output()).data().clone());
                    }
                }
            }
        }
        return out;
    }

    /** A minibatch: images and labels. */
    record Batch(double[] images, int[] labels, int size) {
        /** Standard normal images of the network's input shape, labels uniform over the classes. */
        static Batch random(final Random r, final Pipeline p, final int size) {
            int sample = Math.toIntExact(p.graph.images().type().shape().size());
            double[] x = new double[size * sample];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            int[] y = new int[size];
            for (int i = 0; i < size; i++) {
                y[i] = r.nextInt(p.plan.network().classes());
            }
            return new Batch(x, y, size);
        }
    }
}
