package dev.locus.compiler.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the IR's invariants: every value defined once and before its use (INIT blocks run
 * first, then FORWARD blocks in layer order, then UPDATE blocks from the last layer down), every
 * op owned by one block of its value's layer, arities and the types of element-preserving ops.
 * {@link #problems} lists what is wrong; {@link #verify} throws, for use between passes in tests.
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
        Set<IrValue> defined = new HashSet<>();
        for (IrValue v : graph.values()) {
            if (v.role() != ValueRole.COMPUTED) {
                defined.add(v);
            } else if (v.definition() == null) {
                problems.add(v + " is never defined");
            }
        }
        Set<IrOp> seen = new HashSet<>();
        for (IrBlock b : executionOrder(graph)) {
            for (IrOp op : b.ops()) {
                if (!seen.add(op)) {
                    problems.add(op + " belongs to more than one block");
                }
                if (op.block() != b) {
                    problems.add(op + " is listed in " + b + " but owned by " + op.block());
                }
                if (op.kind().arity() >= 0 && op.inputs().size() != op.kind().arity()) {
                    problems.add(op + " has " + op.inputs().size() + " inputs; " + op.kind() + " takes " + op.kind().arity());
                }
                for (IrValue in : op.inputs()) {
                    if (!defined.contains(in)) {
                        problems.add(op + " in " + b + " reads " + in + " before it is defined");
                    }
                }
                if (op.output() != null) {
                    if (!defined.add(op.output())) {
                        problems.add(op.output() + " is defined twice");
                    }
                    if (!b.layer().equals(op.output().layer())) {
                        problems.add(op.output() + " belongs to layer " + op.output().layer() + " but is computed in " + b);
                    }
                    checkType(op, problems);
                } else if (op.kind() != OpKind.APPLY_UPDATE) {
                    problems.add(op + " defines no value");
                }
            }
        }
        return problems;
    }

    /** The ops that keep their input's type must keep it; gradients have their input's type. */
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
            default -> {
            }
        }
    }

    /** INIT blocks, then FORWARD in layer order, then UPDATE from the last layer to the first. */
    public static List<IrBlock> executionOrder(final IrGraph graph) {
        List<IrBlock> order = new ArrayList<>();
        graph.blocks().stream().filter(b -> b.kind() == IrBlock.Kind.INIT).forEach(order::add);
        graph.blocks().stream().filter(b -> b.kind() == IrBlock.Kind.FORWARD)
                .sorted(java.util.Comparator.comparingInt(IrBlock::layerIndex)).forEach(order::add);
        graph.blocks().stream().filter(b -> b.kind() == IrBlock.Kind.UPDATE)
                .sorted(java.util.Comparator.comparingInt(IrBlock::layerIndex).reversed()).forEach(order::add);
        return order;
    }
}
