package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Defects planted in the toolchain, of the kinds no correct compiler lets a rule express, so that
 * the properties that guard against them can be seen to fail.
 */
final class Defects {
    private Defects() {
    }

    /** A compiler bug: the first layer hands its optimizer the negated gradient (so it climbs). */
    static Tamper negatedGradient() {
        return new Tamper() {
            @Override
            public void graph(final IrGraph graph) {
                negate(graph, graph.network().layerNames().get(0));
            }
        };
    }

    /** A backend bug: only the JVM backend's first layer climbs. */
    static Tamper jvmNegatedGradient() {
        return new Tamper() {
            @Override
            public void jvmGraph(final IrGraph graph) {
                negate(graph, graph.network().layerNames().get(0));
            }
        };
    }

    /** A fixed tensor drawn again after every step, as a backend that re-ran the INIT blocks with a fresh key would. */
    static Tamper redrawnFixedTensors() {
        return new Tamper() {
            @Override
            public void afterStep(final Interpreter in) {
                Random r = new Random(in.steps());
                for (IrBlock b : in.graph().blocks()) {
                    if (b.kind() == IrBlock.Kind.INIT) {
                        for (IrOp op : b.ops()) {
                            double[] v = in.value(op.output()).data();
                            for (int i = 0; i < v.length; i++) {
                                v[i] = 2 * r.nextDouble() - 1;
                            }
                        }
                    }
                }
            }
        };
    }

    /** A draw from an unseeded generator after every step (the language has none: see DeterminismTest). */
    static Tamper unseededNoise() {
        return new Tamper() {
            @Override
            public void afterStep(final Interpreter in) {
                double[] p = in.parameter(in.parameterNames().get(0)).data();
                p[0] += 1e-3 * new Random().nextGaussian();
            }
        };
    }

    /** Rewrites each APPLY_UPDATE of the layer to read the negation of its gradient. */
    static void negate(final IrGraph graph, final String layer) {
        IrBlock update = graph.block(layer, IrBlock.Kind.UPDATE);
        List<IrOp> applies = update.ops().stream().filter(op -> op.kind() == OpKind.APPLY_UPDATE).toList();
        for (IrOp op : applies) {
            IrValue g = op.input(1);
            IrValue negated = update.insert(update.indexOf(op), OpKind.NEG, g.name() + ".negated", g.type(), List.of(g),
                    dev.locus.compiler.ir.Attrs.NONE, op.origin());
            List<IrValue> inputs = new ArrayList<>(op.inputs());
            inputs.set(1, negated);
            update.remove(op);
            update.effect(OpKind.APPLY_UPDATE, inputs, op.attrs(), op.origin());
        }
    }
}
