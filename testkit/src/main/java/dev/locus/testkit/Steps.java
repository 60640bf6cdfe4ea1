package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.interp.Tensor;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.ValueRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the properties do with the reference interpreter: frozen steps, and reading what an update block computed. */
final class Steps {
    private Steps() {
    }

    /**
     * One step with every layer frozen: every update block computes its gradients, no parameter
     * moves. The step counter is set back to 0 first, so that every frozen step draws the same
     * dropout masks (they are keyed by the step) and measures one and the same function.
     */
    static void frozen(final Interpreter in, final ClusterData b) {
        for (int i = 0; i < in.layers().size(); i++) {
            in.setTrainable(i, false);
        }
        firstStep(in);
        in.step(b.doubles(), b.labels(), b.count(), Mode.TRAINING);
    }

    /** Sets the step counter back to 0: the next step draws the first step's dropout masks. */
    static void firstStep(final Interpreter in) {
        for (IrValue s : in.graph().states()) {
            if (s.stateKind() == StateKind.TRAINING_STEP) {
                in.state(s).data()[0] = 0;
            }
        }
    }

    /** One training step of every layer, then whatever the planted defect does. */
    static void train(final Interpreter in, final ClusterData b, final Tamper tamper) {
        for (int i = 0; i < in.layers().size(); i++) {
            in.setTrainable(i, true);
        }
        in.step(b.doubles(), b.labels(), b.count(), Mode.TRAINING);
        tamper.afterStep(in);
    }

    /** After a step: copies of the gradients the layer's update block handed its optimizer, by parameter name. */
    static Map<String, double[]> gradients(final Interpreter in, final String layer) {
        Map<String, double[]> out = new LinkedHashMap<>();
        IrBlock update = in.graph().block(layer, IrBlock.Kind.UPDATE);
        if (update == null) {
            return out;
        }
        for (IrOp op : update.ops()) {
            if (op.kind() == OpKind.APPLY_UPDATE) {
                out.put(op.input(0).name(), in.value(op.input(1)).data().clone());
            }
        }
        return out;
    }

    /** All of a layer's gradients end to end, in parameter order. */
    static double[] flatGradient(final Interpreter in, final String layer) {
        return concat(gradients(in, layer).values().stream().toList());
    }

    /** A layer's weight gradients (of its dense and conv weights) end to end; all its gradients if it has no weight. */
    static double[] weightGradient(final Interpreter in, final String layer) {
        Map<String, double[]> all = gradients(in, layer);
        List<double[]> weights = all.entrySet().stream()
                .filter(e -> e.getKey().matches(java.util.regex.Pattern.quote(layer) + "\\.weight(_\\d+)?"))
                .map(Map.Entry::getValue).toList();
        return concat(weights.isEmpty() ? List.copyOf(all.values()) : weights);
    }

    static double[] concat(final List<double[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The layer's local loss after a step; 0 for a layer that minimizes nothing. */
    static double loss(final Interpreter in, final String layer) {
        return in.localLoss(layer).orElse(0);
    }

    /** The sum of every layer's local loss: what a layer that propagates descends, with the losses above it. */
    static double totalLoss(final Interpreter in) {
        return in.layers().stream().mapToDouble(l -> loss(in, l)).sum();
    }

    /** Every parameter's values, copied. */
    static Map<String, double[]> parameters(final Interpreter in) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : in.parameterNames()) {
            out.put(name, in.parameter(name).data().clone());
        }
        return out;
    }

    /**
     * Every fixed tensor (the values INIT blocks draw), copied, by value name. A learned tensor's
     * first value is among them; the learned tensor itself is a parameter, which trains.
     */
    static Map<String, double[]> fixedTensors(final Interpreter in) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (IrBlock b : in.graph().blocks()) {
            if (b.kind() == IrBlock.Kind.INIT) {
                for (IrOp op : b.ops()) {
                    if (op.output() == null) {
                        continue; // init_parameter: writes a learned tensor, defines no value
                    }
                    out.put(op.output().name(), in.value(op.output()).data().clone());
                }
            }
        }
        return out;
    }

    /**
     * Sets every feedback path to the forward path it stands for, so that the update becomes the
     * gradient of what the rule minimizes: a {@code fa_matmul}'s fixed feedback to its fixed matrix,
     * and each random feedback matrix of {@code propagate(feedback: random(...))} to the weight it
     * replaces. Returns how many were set.
     */
    static int feedbackToForward(final IrGraph graph, final Interpreter in) {
        int set = 0;
        for (IrBlock b : graph.blocks()) {
            for (IrOp op : b.ops()) {
                if (op.kind() == OpKind.FA_MATMUL && op.input(1).role() == ValueRole.FIXED
                        && op.input(2).role() == ValueRole.FIXED && op.input(1) != op.input(2)) {
                    copy(in.value(op.input(1)), in.value(op.input(2)));
                    set++;
                } else if (b.kind() == IrBlock.Kind.INIT && op.kind() == OpKind.UNIFORM_LIKE) {
                    String weight = op.output().name().replace(".feedback.", ".");
                    if (in.parameterNames().contains(weight)) {
                        copy(in.parameter(weight), in.value(op.output()));
                        set++;
                    }
                }
            }
        }
        return set;
    }

    private static void copy(final Tensor from, final Tensor to) {
        if (from.data().length == to.data().length) {
            System.arraycopy(from.data(), 0, to.data(), 0, from.data().length);
        }
    }

    /** The angle in degrees between two vectors; NaN when either is zero. */
    static double degrees(final double[] a, final double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 || nb == 0 || a.length != b.length) {
            return Double.NaN;
        }
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)))));
    }
}
