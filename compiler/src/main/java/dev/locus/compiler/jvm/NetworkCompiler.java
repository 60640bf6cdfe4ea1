package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Schedule;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.ValueRole;
import dev.locus.runtime.model.generated.ModelClasses;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * Compiles a verified IR graph into one {@link dev.locus.runtime.model.CompiledNetwork} subclass,
 * walking {@link IrGraph#schedule()}: its INIT blocks (and every constant) into
 * {@code initializeParameters}, its predict blocks into {@code forward}, and its train blocks, in
 * exactly the schedule's order (under a local rule each layer's FORWARD block then its UPDATE
 * block), into {@code step}, followed by every layer's report and the step counter's advance. The
 * buffers are the {@link BufferPlan}'s, whose buffers take turns along that same order, sized for
 * the train block's batch; each op is a few kernel calls ({@link OpEmitter}) at the line of the
 * source it came from.
 *
 * <p>In an update block, the ops whose values only the layer's optimizer steps need (the
 * parameters' gradients) run only {@code if (isTrainable(layer))}: a frozen layer still computes
 * its local loss and any error it sends down, as the interpreter does, but not what only its own
 * update would use.
 */
public final class NetworkCompiler {
    private final IrGraph graph;
    private final NetworkClassBuilder builder;
    private final BufferPlan plan;
    private final OpEmitter ops = new OpEmitter();

    private NetworkCompiler(final IrGraph graph, final String packageName, final String className,
                            final String sourceFile, final boolean chains) {
        this.graph = graph;
        int capacity = graph.training().batch();
        int classes = graph.prediction().type().shape().intSize();
        builder = new NetworkClassBuilder(packageName, className, sourceFile, graph.network().name(),
            graph.images().type().shape().intSize(), classes, capacity);
        plan = BufferPlan.of(graph, builder, capacity, chains);
    }

    /** The class of {@code graph}, named after its network. */
    public static GeneratedClass compile(final IrGraph graph) {
        return compile(graph, ModelClasses.PACKAGE);
    }

    /**
     * The class of {@code graph}, named after its network, in {@code packageName} (internal form,
     * {@code com/example/models}): what a model jar holds, loaded by name.
     */
    public static GeneratedClass compile(final IrGraph graph, final String packageName) {
        return compile(graph, packageName, true);
    }

    /**
     * The class of {@code graph}, its element-wise chains single loops or ({@code chains} false)
     * one kernel call per op: the reference that the loops must match bit for bit.
     */
    static GeneratedClass compile(final IrGraph graph, final String packageName, final boolean chains) {
        return new NetworkCompiler(graph, packageName, className(graph.network().name()), sourceFile(graph), chains)
            .emit();
    }

    /**
     * The bytes of the value buffers {@code graph}'s class allocates: every computed value of a
     * training step (the buffers they take turns in) and every fixed tensor, not parameters nor
     * state. Under a local rule these hold one layer's activations at a time.
     */
    public static long stepBufferBytes(final IrGraph graph) {
        return new NetworkCompiler(graph, ModelClasses.PACKAGE, className(graph.network().name()), sourceFile(graph),
            true).plan.bufferBytes();
    }

    private GeneratedClass emit() {
        builder.scores(plan.field(graph.prediction()));
        Schedule schedule = graph.schedule();
        emitInitialize(schedule);
        emitForward(schedule);
        emitStep(schedule);
        return builder.finish();
    }

    private void emitInitialize(final Schedule schedule) {
        MethodEmitter m = builder.initializeParameters();
        Local seed = m.local("seed");
        Emission e = new Emission(m, plan, null);
        for (IrValue p : graph.parameters()) {
            DrawEmitter.parameter(e, graph, p, plan.field(p), seed, p.name().substring(p.layer().length() + 1));
        }
        for (IrValue s : graph.states()) {
            if (!s.stateKind().counter() && s.stateKind().initial() != 0) {
                m.invoke(Kernels.FILL, (float) s.stateKind().initial(), plan.field(s), 0, s.type().shape().intSize());
            }
        }
        for (IrOp op : plan.dropoutKeys().keySet()) {
            DrawEmitter.dropoutKey(e, op, seed);
        }
        for (IrBlock block : schedule.init()) {
            for (IrOp op : block.ops()) {
                ops.emitOnce(e, op, seed);
            }
        }
        for (IrBlock block : schedule.train()) {
            for (IrOp op : block.ops()) {
                if (op.kind() == OpKind.CONST) {
                    ops.emitOnce(e, op, seed);
                }
            }
        }
    }

    private void emitForward(final Schedule schedule) {
        MethodEmitter m = builder.forward();
        Emission e = new Emission(m, plan, m.local("count"));
        for (IrBlock block : schedule.predict()) {
            for (IrOp op : block.ops()) {
                ops.emit(e, op);
            }
        }
    }

    /** The training step: the blocks of {@code schedule.train()} in its order, as the buffer plan assumes. */
    private void emitStep(final Schedule schedule) {
        MethodEmitter m = builder.step();
        Emission e = new Emission(m, plan, m.local("count"));
        for (IrBlock block : schedule.train()) {
            if (block.kind() != IrBlock.Kind.UPDATE) {
                for (IrOp op : block.ops()) {
                    ops.emit(e, op);
                }
                continue;
            }
            Set<IrOp> guarded = onlyForTheUpdate(block);
            int layer = plan.layer(block.layer());
            Label frozen = null;
            for (IrOp op : block.ops()) {
                if (guarded.contains(op) && frozen == null) {
                    frozen = m.newLabel();
                    m.at(op.origin()).loadThis().invoke(Kernels.IS_TRAINABLE, layer).jumpIfFalse(frozen);
                } else if (!guarded.contains(op) && frozen != null) {
                    m.mark(frozen);
                    frozen = null;
                }
                ops.emit(e, op);
            }
            if (frozen != null) {
                m.mark(frozen);
            }
        }
        report(m, e);
        for (IrValue s : graph.states()) {
            if (s.stateKind() == StateKind.TRAINING_STEP) {
                m.invoke(Kernels.ADVANCE, plan.field(s)).pop(Type.INT_TYPE);
            }
        }
    }

    /**
     * The ops of an update block that only its optimizer steps need: the APPLY_UPDATEs, and ops
     * whose every reader is one of these (none is a result of the graph, and none is read by another
     * block).
     */
    private Set<IrOp> onlyForTheUpdate(final IrBlock block) {
        Set<IrOp> guarded = new HashSet<>();
        List<IrOp> list = block.ops();
        for (int i = list.size() - 1; i >= 0; i--) {
            IrOp op = list.get(i);
            if (op.kind() == OpKind.APPLY_UPDATE) {
                guarded.add(op);
                continue;
            }
            IrValue out = op.output();
            if (out.role() != ValueRole.COMPUTED || graph.isResult(out) || op.kind() == OpKind.CONST) {
                continue;
            }
            List<IrOp> readers = graph.uses(out);
            if (!readers.isEmpty() && guarded.containsAll(readers) && sharesNothing(out)) {
                guarded.add(op);
            }
        }
        return guarded;
    }

    /** Whether no other value lives in {@code v}'s buffer (an in-place op skipped would leave it stale). */
    private boolean sharesNothing(final IrValue v) {
        return plan.sharedWith(v).size() == 1;
    }

    /**
     * Every layer with a loss of its own reports it: with how many its classifier got right, or
     * alone when it has no classifier.
     */
    private void report(final MethodEmitter m, final Emission e) {
        Local stats = m.local("stats");
        Local labels = m.local("labels");
        for (var layer : graph.network().layers()) {
            Optional<IrValue> loss = graph.localLoss(layer.name());
            if (loss.isEmpty()) {
                continue;
            }
            Optional<IrValue> scores = graph.classifierScores(layer.name());
            int index = plan.layer(layer.name());
            m.load(stats).push(index).loadElement(plan.field(loss.get()), 0);
            if (scores.isPresent()) {
                // report(stats, layer, loss, scores, count, classes, labels)
                Object array = e.array(scores.get());
                if (array instanceof FieldRef f) {
                    m.load(f);
                } else {
                    m.load((Local) array);
                }
                m.load(e.count()).push(scores.get().type().shape().intSize()).load(labels).call(Kernels.REPORT);
            } else {
                // no classifier: stats.recordLoss(layer, loss)
                m.visitor().visitInsn(org.objectweb.asm.Opcodes.F2D);
                m.call(Kernels.RECORD_LOSS);
            }
        }
    }

    private static String className(final String network) {
        StringBuilder out = new StringBuilder();
        for (char c : network.toCharArray()) {
            out.append(Character.isJavaIdentifierPart(c) && c < 128 ? c : '_');
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, 'N');
        }
        return out.toString();
    }

    /** The .locus file the graph's ops came from, for the class's SourceFile attribute. */
    private static String sourceFile(final IrGraph graph) {
        for (IrBlock b : graph.blocks()) {
            for (IrOp op : b.ops()) {
                if (op.origin() != null && op.origin().file() != null) {
                    return java.nio.file.Path.of(op.origin().file().name()).getFileName().toString();
                }
            }
        }
        return graph.network().name() + ".locus";
    }
}
