package dev.locus.compiler.lower;

import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.check.CheckedLayer;
import dev.locus.compiler.check.CheckedNetwork;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrNetwork;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Optimizer;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.TensorType;
import dev.locus.compiler.ir.Training;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Rule expansion: a checked network and its rule become an {@link IrGraph}. Forward blocks are
 * lowered bottom-up; then, top-down, each layer's update block: its section's expressions, the
 * gradient of what it minimizes with respect to its own parameters (stopping at its input), the
 * error taken from the layers above when its section propagates, and one optimizer step per
 * parameter.
 */
public final class Lowering {
    private Lowering() {
    }

    /** The train block's network under its rule, its optimizer and its seed. */
    public static IrGraph lower(final TrainingPlan plan) {
        return lower(plan.network(), plan.rule(), new Training(optimizer(plan.optimizer()), plan.seed(), plan.batch()));
    }

    public static IrGraph lower(final CheckedNetwork network, final TrainingPlan.RuleBinding rule,
                                final Training training) {
        List<IrNetwork.Layer> layers = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            layers.add(new IrNetwork.Layer(network.layers().get(i).name(), i, network.layers().get(i).output()));
        }
        IrGraph graph = new IrGraph(new IrNetwork(network.name(), network.classes(), shape(network.input()), layers),
                training);
        IrValue images = graph.addImages();
        graph.addLabels();
        Map<String, IrValue> outputs = new HashMap<>();
        outputs.put(network.inputName(), images);
        List<LayerForward> forwards = new ArrayList<>();
        IrValue previous = images;
        ForwardLowering forward = new ForwardLowering(graph);
        for (int i = 0; i < network.layers().size(); i++) {
            CheckedLayer layer = network.layers().get(i);
            List<IrValue> inputs = layer.from().isEmpty() ? List.of(previous)
                    : layer.from().stream().map(outputs::get).toList();
            LayerForward lf = forward.lower(layer, i, inputs);
            forwards.add(lf);
            outputs.put(layer.name(), lf.out());
            previous = lf.out();
        }
        graph.setPrediction(previous);

        Map<IrValue, List<IrValue>> deltas = new HashMap<>();
        for (int i = forwards.size() - 1; i >= 0; i--) {
            LayerForward lf = forwards.get(i);
            CheckedLayer layer = network.layers().get(i);
            RuleSection section = section(rule, layer.output() ? RuleSection.Kind.OUTPUT : RuleSection.Kind.HIDDEN);
            updateBlock(graph, network, rule, lf, section, forwards, deltas);
        }
        return graph;
    }

    private static void updateBlock(final IrGraph graph, final CheckedNetwork network,
                                    final TrainingPlan.RuleBinding rule, final LayerForward lf,
                                    final RuleSection section, final List<LayerForward> forwards,
                                    final Map<IrValue, List<IrValue>> deltas) {
        IrBlock update = graph.addBlock(lf.layer(), lf.index(), IrBlock.Kind.UPDATE);
        RuleLowering rules = new RuleLowering(graph, lf, update, network.classes(), rule.args());
        IrValue loss = rules.lower(section);
        if (loss != null) {
            graph.setLocalLoss(lf.layer(), loss);
        }
        if (rules.scores() != null) {
            graph.setLocalScores(lf.layer(), rules.scores());
        }
        Map<IrValue, IrValue> seeds = new LinkedHashMap<>();
        if (loss != null) {
            seeds.put(loss, update.op(OpKind.CONST, lf.layer() + ".one", TensorType.scalar(), List.of(),
                    new Attrs.Constant(1.0), section.span()));
        }
        RuleStmt.Propagate propagate = propagate(section);
        if (propagate != null && deltas.containsKey(lf.out())) {
            // The one cross-layer backward edge: the error of lf's output, computed by the layers above.
            IrValue delta = null;
            for (IrValue d : deltas.get(lf.out())) {
                delta = delta == null ? update.op(OpKind.RESHAPE, lf.layer() + ".delta", d.type(), List.of(d),
                        propagate.span())
                        : update.op(OpKind.ADD, lf.layer() + ".delta", d.type(), List.of(delta, d), propagate.span());
            }
            seeds.merge(lf.out(), delta, (a, b) -> update.op(OpKind.ADD, lf.layer() + ".seed", a.type(), List.of(a, b),
                    propagate.span()));
        }
        // The layers below that take their error from this one need the gradient of this layer's inputs.
        Feedback below = feedbackWanted(rule, lf, forwards, network);
        boolean random = below != null && !below.transpose();
        // The layer's own parameters, and the learned tensors of its rule: trained alike.
        List<IrValue> trained = new ArrayList<>(lf.parameters());
        trained.addAll(rules.learned());
        Set<IrValue> targets = new HashSet<>(trained);
        if (below != null && !random) {
            targets.addAll(lf.inputs());
        }
        List<IrOp> tape = new ArrayList<>(lf.ops());
        tape.addAll(new ArrayList<>(update.ops()));
        Map<IrValue, IrValue> grads = new HashMap<>();
        if (!seeds.isEmpty()) {
            grads.putAll(Autodiff.gradients(tape, seeds, targets, update, w -> w));
            if (random) {
                // The fixed matrices replace the weights only on the way down to the layer below; the
                // layer's own parameters descend the true gradient (they differ once the layer has two
                // weighted ops), so the error sent down takes a pass of its own.
                UnaryOperator<IrValue> feedback = feedbackMatrices(graph, lf, update, rules, below);
                grads.putAll(Autodiff.gradients(tape, seeds, new HashSet<>(lf.inputs()), update, feedback));
            }
        }
        Optimizer optimizer = graph.training().optimizer();
        for (IrValue p : trained) {
            IrValue g = grads.get(p);
            if (g != null) {
                List<IrValue> inputs = new ArrayList<>(List.of(p, g));
                for (StateKind kind : optimizer.state()) {
                    TensorType type = kind.counter() ? TensorType.counter() : p.type();
                    inputs.add(graph.addState(kind, p.name() + "." + kind.name().toLowerCase(java.util.Locale.ROOT),
                            type, p.layer(), p));
                }
                update.effect(OpKind.APPLY_UPDATE, inputs, new Attrs.Update(optimizer), section.span());
            }
        }
        if (below != null) {
            // Once per value: `from a, a` reads a twice, and grads already holds the sum of both reads.
            for (IrValue in : new java.util.LinkedHashSet<>(lf.inputs())) {
                IrValue g = grads.get(in);
                if (g != null) {
                    deltas.computeIfAbsent(in, k -> new ArrayList<>()).add(g);
                }
            }
        }
    }

    /** How a layer below wants its error: through the transpose, or through fixed random matrices of this scale. */
    private record Feedback(boolean transpose, Expr scale) {
    }

    private static Feedback feedbackWanted(final TrainingPlan.RuleBinding rule, final LayerForward lf,
                                           final List<LayerForward> forwards, final CheckedNetwork network) {
        RuleStmt.Propagate p = propagate(section(rule, RuleSection.Kind.HIDDEN));
        if (p == null) {
            return null;
        }
        boolean feedsAHiddenLayer = false;
        for (IrValue in : lf.inputs()) {
            for (int j = 0; j < forwards.size(); j++) {
                if (forwards.get(j).out() == in && !network.layers().get(j).output()) {
                    feedsAHiddenLayer = true;
                }
            }
        }
        if (!feedsAHiddenLayer) {
            return null;
        }
        Expr value = p.args().get(0).value();
        if (value instanceof Expr.Call c && c.callee().text().equals("random")) {
            return new Feedback(false, c.args().get(0).value());
        }
        return new Feedback(true, null);
    }

    /** For each weight of the layer, a fixed matrix of its shape, uniform in ±scale/sqrt(fan-in). */
    private static UnaryOperator<IrValue> feedbackMatrices(final IrGraph graph, final LayerForward lf,
                                                           final IrBlock update, final RuleLowering rules,
                                                           final Feedback feedback) {
        double scale = rules.number(feedback.scale(), feedback.scale().span());
        IrBlock init = graph.block(lf.layer(), IrBlock.Kind.INIT);
        if (init == null) {
            init = graph.addBlock(lf.layer(), lf.index(), IrBlock.Kind.INIT);
        }
        Map<IrValue, IrValue> matrices = new HashMap<>();
        for (IrValue w : lf.weights()) {
            var shape = w.type().shape();
            long fanIn = shape.rank() == 2 ? shape.dim(0) : (long) shape.dim(1) * shape.dim(2) * shape.dim(3);
            String key = "feedback." + w.name().substring(w.name().indexOf('.') + 1);
            matrices.put(w, init.op(OpKind.UNIFORM_LIKE, lf.layer() + "." + key, w.type(), List.of(),
                    new Attrs.Draw(scale / Math.sqrt(fanIn), key), feedback.scale().span()));
        }
        return w -> matrices.getOrDefault(w, w);
    }

    /** The checker's shape in the IR's terms. */
    static Shape shape(final dev.locus.compiler.check.Shape shape) {
        return Shape.of(shape.dims());
    }

    static Optimizer optimizer(final TrainingPlan.Optimizer optimizer) {
        if (optimizer instanceof TrainingPlan.Sgd sgd) {
            return new Optimizer.Sgd(sgd.lr(), sgd.momentum(), sgd.weightDecay());
        }
        TrainingPlan.Adam adam = (TrainingPlan.Adam) optimizer;
        return new Optimizer.Adam(adam.lr(), adam.beta1(), adam.beta2(), adam.eps());
    }

    private static RuleSection section(final TrainingPlan.RuleBinding rule, final RuleSection.Kind kind) {
        return rule.rule().sections().stream().filter(s -> s.kind() == kind).findFirst().orElse(null);
    }

    private static RuleStmt.Propagate propagate(final RuleSection section) {
        if (section == null) {
            return null;
        }
        for (RuleStmt s : section.body()) {
            if (s instanceof RuleStmt.Propagate p) {
                return p;
            }
        }
        return null;
    }
}
