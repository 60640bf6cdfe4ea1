package dev.locus.compiler.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the IR's invariants: every value defined once and before its use in the order of the
 * {@link Schedule} (INIT blocks first, then a training step), fixed tensors only in INIT blocks,
 * every op owned by one block of its value's layer, arities, the attribute family of every kind,
 * state read only by the ops that own it (with the kinds they need), every learned tensor set
 * once by an INIT_PARAMETER of its own layer's INIT block, no labels read when
 * predicting, and the types of element-preserving ops. {@link #problems} lists what is wrong;
 * {@link #verify} throws, for use between passes.
 */
public final class IrVerifier {
    private IrVerifier() {
    }

    public static void verify(final IrGraph graph) {
        List<String> problems = problems(graph);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid IR:\n  " + String.join("\n  ", problems) + "\n" + graph.dump());
        }
    }

    public static List<String> problems(final IrGraph graph) {
        List<String> problems = new ArrayList<>();
        Set<IrValue> inGraph = new HashSet<>(graph.values());
        Set<IrValue> defined = new HashSet<>();
        for (IrValue v : graph.values()) {
            boolean computed = v.role() == ValueRole.COMPUTED || v.role() == ValueRole.FIXED;
            if (!computed) {
                defined.add(v);
                if (v.definition() != null) {
                    problems.add(v + " of role " + v.role() + " is computed by an op");
                }
            } else if (v.definition() == null) {
                problems.add(v + " is never defined");
            }
            if ((v.role() == ValueRole.STATE) != (v.stateKind() != null)) {
                problems.add(v + " of role " + v.role() + " has state kind " + v.stateKind());
            }
        }
        Schedule schedule = graph.schedule();
        List<IrBlock> order = new ArrayList<>(schedule.init());
        order.addAll(schedule.train());
        if (!new HashSet<>(order).containsAll(graph.blocks()) || order.size() != graph.blocks().size()) {
            problems.add("the schedule " + order + " does not run every block once: " + graph.blocks());
        }
        Set<IrOp> seen = new HashSet<>();
        for (IrBlock b : order) {
            for (IrOp op : b.ops()) {
                if (!seen.add(op)) {
                    problems.add(op + " belongs to more than one block");
                }
                if (op.block() != b) {
                    problems.add(op + " is listed in " + b + " but owned by " + op.block());
                }
                checkOp(graph, b, op, problems);
                for (IrValue in : op.inputs()) {
                    if (!inGraph.contains(in)) {
                        problems.add(op + " in " + b + " reads " + in + ", which is not in the graph");
                    } else if (!defined.contains(in)) {
                        problems.add(op + " in " + b + " reads " + in + " before it is defined");
                    }
                }
                if (op.output() != null) {
                    if (!defined.add(op.output())) {
                        problems.add(op.output() + " is defined twice");
                    }
                    if (op.output().definition() != op) {
                        problems.add(op.output() + " is not defined by " + op);
                    }
                    if (!b.layer().equals(op.output().layer())) {
                        problems.add(op.output() + " belongs to layer " + op.output().layer() + " but is computed in " + b);
                    }
                    ValueRole role = b.kind() == IrBlock.Kind.INIT ? ValueRole.FIXED : ValueRole.COMPUTED;
                    if (op.output().role() != role) {
                        problems.add(op.output() + " computed in " + b + " has role " + op.output().role());
                    }
                    checkType(op, problems);
                } else if (op.kind() != OpKind.APPLY_UPDATE && op.kind() != OpKind.INIT_PARAMETER) {
                    problems.add(op + " defines no value");
                }
            }
        }
        for (IrValue p : graph.parameters()) {
            long sets = order.stream().flatMap(b -> b.ops().stream())
                    .filter(op -> op.kind() == OpKind.INIT_PARAMETER && op.input(0) == p).count();
            if (graph.isLearned(p) != (sets == 1)) {
                problems.add(p + (graph.isLearned(p) ? " is a learned tensor set " + sets + " times"
                        : " is not a learned tensor, and INIT_PARAMETER sets it"));
            }
        }
        for (IrBlock b : schedule.predict()) {
            for (IrOp op : b.ops()) {
                if (op.inputs().contains(graph.labels())) {
                    problems.add(op + " in " + b + " reads the labels, which prediction does not have");
                }
            }
        }
        for (IrValue result : new IrValue[] {graph.prediction()}) {
            if (result == null || !inGraph.contains(result)) {
                problems.add("the prediction " + result + " is not a value of the graph");
            }
        }
        return problems;
    }

    /** Arity, attributes, and which inputs may be state (and of which kind). */
    private static void checkOp(final IrGraph graph, final IrBlock b, final IrOp op, final List<String> problems) {
        OpKind kind = op.kind();
        if (kind.arity() >= 0 && op.inputs().size() != kind.arity()) {
            problems.add(op + " has " + op.inputs().size() + " inputs; " + kind + " takes " + kind.arity());
            return;
        }
        if (kind.arity() < 0 && op.inputs().isEmpty()) {
            problems.add(op + " has no input");
            return;
        }
        if (!attributes(kind).isInstance(op.attrs())) {
            problems.add(op + " carries " + op.attrs() + "; " + kind + " needs " + attributes(kind).getSimpleName());
            return;
        }
        List<StateKind> state = new ArrayList<>();
        int firstState = op.inputs().size();
        switch (kind) {
            case BATCHNORM -> {
                state = List.of(StateKind.RUNNING_MEAN, StateKind.RUNNING_VAR);
                firstState = 3;
            }
            case DROPOUT_MASK -> {
                state = List.of(StateKind.TRAINING_STEP);
                firstState = 0;
            }
            case APPLY_UPDATE -> {
                Attrs.Update update = op.attrs(Attrs.Update.class);
                if (!update.optimizer().equals(graph.training().optimizer())) {
                    problems.add(op + " steps with " + update.optimizer() + ", the graph trains with "
                            + graph.training().optimizer());
                }
                state = update.optimizer().state();
                firstState = 2;
                if (op.inputs().size() != 2 + state.size()) {
                    problems.add(op + " has " + op.inputs().size() + " inputs; " + update.optimizer() + " needs "
                            + (2 + state.size()));
                    return;
                }
                IrValue p = op.input(0);
                if (p.role() != ValueRole.PARAMETER || b.kind() != IrBlock.Kind.UPDATE) {
                    problems.add(op + " in " + b + " does not update a parameter in an update block");
                } else if (!p.type().equals(op.input(1).type())) {
                    problems.add(op + " gives " + p + " of " + p.type() + " a gradient of " + op.input(1).type());
                }
                for (int i = 0; i < state.size(); i++) {
                    if (op.input(2 + i).stateOf() != p) {
                        problems.add(op + " reads " + op.input(2 + i) + ", which is not state of " + p);
                    }
                }
            }
            case INIT_PARAMETER -> {
                IrValue p = op.input(0);
                if (b.kind() != IrBlock.Kind.INIT || !graph.isLearned(p) || !b.layer().equals(p.layer())) {
                    problems.add(op + " in " + b + " does not set a learned tensor of its own layer in an INIT block");
                } else if (!p.type().equals(op.input(1).type()) || op.input(1).role() != ValueRole.FIXED) {
                    problems.add(op + " sets " + p + " of " + p.type() + " to " + op.input(1) + " of "
                            + op.input(1).type());
                }
            }
            default -> {
            }
        }
        for (int i = 0; i < op.inputs().size(); i++) {
            IrValue in = op.input(i);
            boolean stateSlot = i >= firstState && i - firstState < state.size();
            if (stateSlot && in.stateKind() != state.get(i - firstState)) {
                problems.add(op + " reads " + in + " where it needs " + state.get(i - firstState) + " state");
            } else if (!stateSlot && in.role() == ValueRole.STATE) {
                problems.add(op + " reads the state " + in + ", which only the ops that own it may read");
            }
        }
    }

    /** The attribute family each kind carries. */
    static Class<? extends Attrs> attributes(final OpKind kind) {
        return switch (kind) {
            case CONV2D, CONV2D_GRAD_INPUT, CONV2D_GRAD_WEIGHT -> Attrs.Conv.class;
            case MAXPOOL, AVGPOOL, MAXPOOL_GRAD, AVGPOOL_GRAD -> Attrs.Pool.class;
            case CONST -> Attrs.Constant.class;
            case DROPOUT_MASK -> Attrs.Dropout.class;
            case BATCHNORM, BATCHNORM_GRAD_INPUT, BATCHNORM_GRAD_GAMMA -> Attrs.BatchNorm.class;
            case UNIFORM, NORMAL, UNIFORM_LIKE -> Attrs.Draw.class;
            case SIGN_CONCORDANT -> Attrs.SignConcordant.class;
            case SLICE_CHANNELS -> Attrs.Slice.class;
            case ONEHOT -> Attrs.OneHot.class;
            case LEAKY_RELU, LEAKY_RELU_GRAD -> Attrs.Leaky.class;
            case BROADCAST -> Attrs.Broadcast.class;
            case APPLY_UPDATE -> Attrs.Update.class;
            case INIT_PARAMETER,
                 MATMUL, ADD_BIAS, RESHAPE, CONCAT, RELU, TANH, SIGMOID, ADD, SUB, MUL, DIV, NEG, SOFTMAX, LOG_SOFTMAX,
                 SUM, MEAN, SIGN, ABS, SQRT, CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1, FA_MATMUL, MATMUL_GRAD_LEFT,
                 MATMUL_GRAD_RIGHT, BIAS_GRAD, RELU_GRAD, TANH_GRAD, SIGMOID_GRAD, BATCHNORM_GRAD_BETA, SOFTMAX_GRAD,
                 LOG_SOFTMAX_GRAD, CROSS_ENTROPY_GRAD, MSE_GRAD, SQUARE_HINGE_GRAD, SMOOTH_L1_GRAD, REDUCE_TO ->
                    Attrs.None.class;
        };
    }

    /** The types the ops must keep or give. */
    private static void checkType(final IrOp op, final List<String> problems) {
        switch (op.kind()) {
            case RELU, TANH, SIGMOID, LEAKY_RELU, BATCHNORM, SOFTMAX, LOG_SOFTMAX, SIGN, ABS, SQRT, ADD_BIAS -> {
                if (!op.input(0).type().equals(op.output().type())) {
                    problems.add(op + " changes the type " + op.input(0).type() + " to " + op.output().type());
                }
            }
            case RESHAPE -> {
                if (op.input(0).type().shape().size() != op.output().type().shape().size()
                        || op.input(0).type().batched() != op.output().type().batched()) {
                    problems.add(op + " reshapes " + op.input(0).type() + " to " + op.output().type());
                }
            }
            case SUM, MEAN, CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1 -> {
                if (!op.output().type().isScalar()) {
                    problems.add(op + " must give a scalar");
                }
            }
            case SLICE_CHANNELS -> {
                Attrs.Slice s = op.attrs(Attrs.Slice.class);
                if (op.output().type().shape().dim(0) != s.count()
                        || s.offset() + s.count() > op.input(0).type().shape().dim(0)) {
                    problems.add(op + " cannot slice " + op.input(0).type() + " to " + op.output().type());
                }
            }
            default -> {
            }
        }
        boolean readsLabels = switch (op.kind()) {
            case ONEHOT -> true;
            case CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1, CROSS_ENTROPY_GRAD, MSE_GRAD, SQUARE_HINGE_GRAD,
                 SMOOTH_L1_GRAD -> true;
            default -> false;
        };
        int labelInput = op.kind() == OpKind.ONEHOT ? 0 : 1;
        for (int i = 0; i < op.inputs().size(); i++) {
            boolean integer = op.input(i).type().element() == ElementType.INT32;
            if (op.input(i).role() != ValueRole.STATE && integer != (readsLabels && i == labelInput)) {
                problems.add(op + " reads " + op.input(i) + " of " + op.input(i).type() + " as input " + i);
            }
        }
        if (op.output().type().element() != ElementType.FLOAT32) {
            problems.add(op + " gives " + op.output().type() + "; ops compute floats");
        }
    }
}
