package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.StateKind;
import dev.locus.compiler.ir.ValueRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every value of a graph lives in the generated class, decided once before any code is
 * emitted: parameters are registered parameters; optimizer state and batch normalization's running
 * statistics are registered state; step counters are registered counters (the network's
 * {@code training_step} one of the whole network); all under the IR's names, which are those
 * users see and checkpoints hold (docs/CHECKPOINTS.md), in the interpreter's order;
 * fixed tensors and computed values are buffers allocated once in the constructor, a batched one
 * sized for the batch capacity. The images and labels are the methods' arguments.
 *
 * <p>Two values share storage when that costs no copy: a RESHAPE is a view of its input, and an op
 * whose kernel works in place ({@link #inPlace}) writes over its first input when nothing else
 * reads that input's storage. Storages then take turns in buffers ({@link #allocate}): once the
 * last reader of every value in a storage has run, in a training step's order, its buffer may hold
 * a value defined later, so a value computed in the forward pass keeps its buffer until the last
 * update block that reads it has run. Results, fixed tensors and constants keep a buffer of their own.
 *
 * <p>An activation also works in place when its input is read by nothing else but the gradients
 * of relu and leaky relu, which test only the input's sign, and the output has the input's sign
 * (relu's and leaky relu's for a slope of at least 0): those gradients then read the output
 * through the shared buffer and give the same bits. When that input is a bias addition's output
 * in the same block, the two are fused: the bias addition emits one pass {@code x = f(x + b)}
 * through {@code Activations.forward} ({@link #fusedActivation}) and the activation emits nothing
 * ({@link #absorbed}); this is an emission-time fusion, as it changes no value the IR names.
 */
final class BufferPlan {
    /**
     * The storage of a value: a field of the class, or an argument of the method ("images",
     * "labels"). One storage per group of values that share it by design (a view, an op in place);
     * two storages may be given one field when their values are never live at once
     * ({@link #allocate}), so values are compared by storage, not by field, to tell "in place".
     */
    static final class Storage {
        private FieldRef field;
        private final String argument;

        private Storage(final FieldRef field, final String argument) {
            this.field = field;
            this.argument = argument;
        }

        FieldRef field() {
            return field;
        }

        String argument() {
            return argument;
        }
    }

    /** The positions, in a training step's ops, of a storage's first write and last read. */
    private record Lifetime(int start, int end) {
    }

    /** A buffer that storages whose lifetimes do not overlap take turns in, as long as the first (the longest). */
    private static final class Slot {
        private final IrValue first;
        private final List<Storage> storages = new ArrayList<>();
        private final int length;

        private Slot(final IrValue first, final int length) {
            this.first = first;
            this.length = length;
        }
    }

    private final IrGraph graph;
    private final NetworkClassBuilder builder;
    private final int capacity;
    private final Map<IrValue, Storage> storage = new HashMap<>();
    private final Map<Storage, List<IrValue>> sharing = new HashMap<>();
    private final Map<IrValue, FieldRef> counters = new LinkedHashMap<>();
    private final Map<IrOp, FieldRef> dropoutKeys = new LinkedHashMap<>();
    private final Map<IrOp, FieldRef[]> scratch = new HashMap<>();
    private final Map<String, Integer> layers = new HashMap<>();
    private final Map<IrOp, IrOp> fusedActivations = new HashMap<>();
    private final Map<List<Integer>, FieldRef> shapeTables = new HashMap<>();
    private final Set<IrOp> absorbed = new HashSet<>();
    private final Map<IrOp, IrOp> filledGradients = new HashMap<>();
    /** The element-wise ops computed inside a later op's loop ({@link ElementwiseChains}), to that op. */
    private final Map<IrOp, IrOp> chained = new HashMap<>();
    /** The storages still to be given a buffer, in the order their first value is defined. */
    private final List<Storage> unallocated = new ArrayList<>();
    private long bufferBytes;
    private long bufferBytesWithoutReuse;
    private long turnBytes;

    BufferPlan(final IrGraph graph, final NetworkClassBuilder builder, final int capacity) {
        this.graph = graph;
        this.builder = builder;
        this.capacity = capacity;
    }

    /** Declares the layers, registers the tensors and allocates the buffers of {@code graph}. */
    static BufferPlan of(final IrGraph graph, final NetworkClassBuilder builder, final int capacity) {
        return of(graph, builder, capacity, true);
    }

    /** The plan, with element-wise chains as single loops or ({@code chains} false) as one kernel call per op. */
    static BufferPlan of(final IrGraph graph, final NetworkClassBuilder builder, final int capacity,
                         final boolean chains) {
        BufferPlan plan = new BufferPlan(graph, builder, capacity);
        plan.declare(chains);
        return plan;
    }

    private void declare(final boolean chains) {
        for (var layer : graph.network().layers()) {
            layers.put(layer.name(), builder.layer(layer.name(), graph.localLoss(layer.name()).isPresent(),
                    graph.classifierScores(layer.name()).isPresent()));
        }
        storage.put(graph.images(), new Storage(null, "images"));
        if (graph.labels() != null) {
            storage.put(graph.labels(), new Storage(null, "labels"));
        }
        for (IrValue p : graph.parameters()) {
            bind(p, builder.parameter(layer(p), localName(p), p.type().shape().dims()));
        }
        // In the graph's order, as the interpreter lists its state, under the names users see.
        for (IrValue s : graph.states()) {
            switch (s.stateKind()) {
                case ADAM_STEP -> {
                    FieldRef f = builder.counter(layer(s), localName(s));
                    bind(s, f);
                    counters.put(s, f);
                }
                case TRAINING_STEP -> {
                    FieldRef f = builder.networkCounter(s.name());
                    bind(s, f);
                    counters.put(s, f);
                }
                case SGD_VELOCITY, ADAM_M, ADAM_V, RUNNING_MEAN, RUNNING_VAR -> bind(s, builder.state(layer(s),
                    localName(s), s.type().shape().dims()));
            }
        }
        List<IrBlock> order = new ArrayList<>(graph.schedule().init());
        order.addAll(graph.schedule().train());
        for (IrBlock block : order) {
            for (IrOp op : block.ops()) {
                plan(op);
            }
        }
        if (chains) {
            chained.putAll(ElementwiseChains.of(graph));
        }
        allocate(graph.schedule().train());
    }

    private void plan(final IrOp op) {
        IrValue out = op.output();
        if (op.kind() == OpKind.DROPOUT_MASK) {
            dropoutKeys.put(op, builder.longField("dropoutKey" + out.id()));
        }
        if (op.kind() == OpKind.BATCHNORM || op.kind() == OpKind.BATCHNORM_GRAD_INPUT
            || op.kind() == OpKind.BATCHNORM_GRAD_GAMMA) {
            int channels = op.input(0).type().shape().dim(0);
            FieldRef[] s = new FieldRef[4];
            for (int i = 0; i < s.length; i++) {
                s[i] = builder.buffer("scratch" + out.id() + "$" + i, channels);
            }
            scratch.put(op, s);
        }
        if (out == null) {
            return;
        }
        IrOp gradient = LossEmitter.laterGradient(op);
        if (gradient != null) {
            filledGradients.put(op, gradient);
        }
        if (op.kind() == OpKind.RESHAPE) {
            share(out, storage(op.input(0)));
            return;
        }
        if (inPlace(op) && onlyReader(op.input(0), op)) {
            share(out, storage(op.input(0)));
            return;
        }
        if (activation(op) && onlyReaderBesidesSignTests(op.input(0), op)) {
            share(out, storage(op.input(0)));
            IrOp producer = op.input(0).definition();
            if (producer != null && producer.kind() == OpKind.ADD_BIAS && producer.block() == op.block()) {
                fusedActivations.put(producer, op);
                absorbed.add(op);
            }
            return;
        }
        Storage own = new Storage(null, null);
        share(out, own);
        unallocated.add(own);
    }

    /**
     * Gives every computed value's storage a buffer, reusing a dead one where it can: walking a
     * training step's ops in order, a storage lives from its first write to the last read of any
     * value living there, and two storages whose lives do not overlap may share a buffer. The
     * storages are placed longest first, each in the shortest buffer none of whose storages its
     * life overlaps, or a new one as long as it needs (greedy by size: a long weight gradient is
     * never left to a fresh buffer because a short activation took the only free long one). Only storages that are computed and read within one step
     * take part ({@link #lifetime}); every other keeps a buffer of its own.
     *
     * <p>The update blocks' ops that a frozen layer skips need no care: such an op's value is read
     * only by other skipped ops, and skipping an op only drops a write, so a value live in the
     * whole step's order is live, and untouched, in the skipped one. Predicting runs the forward
     * blocks alone, a subsequence of the same order, in which lives that do not overlap still do not.
     */
    private void allocate(final List<IrBlock> train) {
        Map<IrOp, Integer> position = new HashMap<>();
        for (IrBlock block : train) {
            for (IrOp op : block.ops()) {
                position.put(op, position.size());
            }
        }
        // A chained op runs inside its chain's last op: its operands are read there.
        chained.forEach((op, root) -> position.put(op, position.get(root)));
        Map<IrOp, IrOp> fillers = new HashMap<>();
        filledGradients.forEach((loss, gradient) -> fillers.put(gradient, loss));
        List<Storage> turns = new ArrayList<>();
        Map<Storage, Lifetime> lifetimes = new HashMap<>();
        for (Storage s : unallocated) {
            List<IrValue> values = sharing.get(s);
            bufferBytesWithoutReuse += (long) length(values.get(0)) * Float.BYTES;
            Lifetime life = lifetime(values, position, fillers);
            if (life == null) {
                s.field = newBuffer(values.get(0), length(values.get(0)));
            } else {
                lifetimes.put(s, life);
                turns.add(s);
            }
        }
        // The longest first, each into the shortest buffer none of whose storages it overlaps in time.
        turns.sort(Comparator.comparingInt((Storage s) -> -length(sharing.get(s).get(0)))
            .thenComparingInt(s -> lifetimes.get(s).start()));
        List<Slot> slots = new ArrayList<>();
        for (Storage s : turns) {
            Lifetime life = lifetimes.get(s);
            Slot fit = null;
            for (Slot slot : slots) {
                boolean apart = slot.storages.stream().map(lifetimes::get)
                    .allMatch(other -> other.end() < life.start() || life.end() < other.start());
                if (apart && (fit == null || slot.length < fit.length)) {
                    fit = slot;
                }
            }
            if (fit == null) {
                fit = new Slot(sharing.get(s).get(0), length(sharing.get(s).get(0)));
                slots.add(fit);
            }
            fit.storages.add(s);
        }
        // Buffers are allocated once, in the constructor: a slot's is as long as its longest storage needs.
        for (Slot slot : slots) {
            turnBytes += (long) slot.length * Float.BYTES;
            FieldRef field = newBuffer(slot.first, slot.length);
            for (Storage s : slot.storages) {
                s.field = field;
            }
        }
    }

    /**
     * When, in a step, a storage holding {@code values} is first written and last read; null when
     * its buffer must be its own: a value is read after the step (a result: the scores, a local
     * loss or local scores), computed once, not computed in the step, or read before it is defined
     * (by the next step). A gradient a loss fills ({@code fillers}) is written at the loss.
     */
    private Lifetime lifetime(final List<IrValue> values, final Map<IrOp, Integer> position,
                              final Map<IrOp, IrOp> fillers) {
        int start = Integer.MAX_VALUE;
        int end = -1;
        for (IrValue v : values) {
            Integer defined = position.get(fillers.getOrDefault(v.definition(), v.definition()));
            if (v.role() != ValueRole.COMPUTED || graph.isResult(v) || computedOnce(v) || defined == null) {
                return null;
            }
            start = Math.min(start, defined);
            end = Math.max(end, defined);
            for (IrOp reader : graph.uses(v)) {
                Integer read = position.get(reader);
                if (read == null || read < defined) {
                    return null;
                }
                end = Math.max(end, read);
            }
        }
        return new Lifetime(start, end);
    }

    private FieldRef newBuffer(final IrValue v, final int length) {
        bufferBytes += (long) length * Float.BYTES;
        return builder.buffer(fieldName(v), length);
    }

    /** The bytes of the buffers holding computed values and fixed tensors (not parameters, state or scratch). */
    long bufferBytes() {
        return bufferBytes;
    }

    /**
     * The part of {@link #bufferBytes} in buffers that a step's computed values take turns in: the
     * activations and gradients, without the results, fixed tensors and constants, which keep a
     * buffer of their own.
     */
    long turnBufferBytes() {
        return turnBytes;
    }

    /** What {@link #bufferBytes} would be if no buffer were reused: one per storage. */
    long bufferBytesWithoutReuse() {
        return bufferBytesWithoutReuse;
    }

    /**
     * Whether the op's kernel may write its result over its first input (of the same type): the
     * bias is added in place, binary arithmetic may write over an operand of the output's length.
     */
    private static boolean inPlace(final IrOp op) {
        return switch (op.kind()) {
            case ADD_BIAS -> true;
            case ADD, SUB, MUL, DIV -> op.input(0).type().equals(op.output().type());
            default -> false;
        };
    }

    /** The activations that {@code Activations} computes in place; leaky relu only with a slope of at least 0. */
    private static boolean activation(final IrOp op) {
        return op.kind() == OpKind.RELU || op.kind() == OpKind.TANH || op.kind() == OpKind.SIGMOID
            || op.kind() == OpKind.LEAKY_RELU && op.attrs(Attrs.Leaky.class).slope() >= 0;
    }

    /**
     * Whether {@code op} (an activation) is the only reader of {@code v}'s storage but for relu's
     * and leaky relu's gradients, which read only the sign of v, and relu or leaky relu's output has
     * v's sign (a NaN stays NaN, -0 becomes 0 or stays -0: none is greater than 0).
     */
    private boolean onlyReaderBesidesSignTests(final IrValue v, final IrOp op) {
        boolean signKept = op.kind() == OpKind.RELU || op.kind() == OpKind.LEAKY_RELU;
        return onlyReader(v, reader -> reader == op
            || signKept && (reader.kind() == OpKind.RELU_GRAD || reader.kind() == OpKind.LEAKY_RELU_GRAD)
            && reader.input(0) == v && reader.input(1) != v);
    }

    /**
     * Whether {@code v} is computed once, in {@code initializeParameters} (a constant, or an op of
     * an INIT block), not at every step: a step that wrote over it would leave the next step a
     * different value.
     */
    private static boolean computedOnce(final IrValue v) {
        IrOp definition = v.definition();
        return definition.kind() == OpKind.CONST || definition.block().kind() == IrBlock.Kind.INIT;
    }

    /** Whether {@code op} is the only reader of {@code v}'s storage and no result lives there. */
    private boolean onlyReader(final IrValue v, final IrOp op) {
        return onlyReader(v, reader -> reader == op);
    }

    /** Whether every reader of {@code v}'s storage is allowed and no result lives there. */
    private boolean onlyReader(final IrValue v, final java.util.function.Predicate<IrOp> allowed) {
        Storage s = storage.get(v);
        if (s == null || s.argument() != null || v.role() != ValueRole.COMPUTED) {
            return false;
        }
        List<IrValue> all = sharing.get(s);
        Set<IrOp> earlier = new HashSet<>(); // the ops that wrote the buffer's later values read it before
        for (IrValue shared : all) {
            earlier.add(shared.definition());
        }
        for (IrValue shared : all) {
            if (shared.role() != ValueRole.COMPUTED || graph.isResult(shared) || computedOnce(shared)) {
                return false;
            }
            for (IrOp reader : graph.uses(shared)) {
                if (!allowed.test(reader) && !(shared != v && earlier.contains(reader))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void bind(final IrValue v, final FieldRef field) {
        share(v, new Storage(field, null));
    }

    private void share(final IrValue v, final Storage s) {
        storage.put(v, s);
        sharing.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
    }

    /** The floats a buffer of {@code v} needs: the batch capacity's worth when batched. */
    private int length(final IrValue v) {
        int size = v.type().shape().intSize();
        return v.type().batched() ? Math.multiplyExact(capacity, size) : size;
    }

    Storage storage(final IrValue v) {
        Storage s = storage.get(v);
        if (s == null) {
            throw new IllegalStateException(v + " has no storage: it is read before it is defined");
        }
        return s;
    }

    /** The field of a value that lives in one (every value but the images and labels). */
    FieldRef field(final IrValue v) {
        Storage s = storage(v);
        if (s.field() == null) {
            throw new IllegalStateException(v + " is the argument " + s.argument() + ", not a field");
        }
        return s.field();
    }

    /**
     * Whether two values share one storage (then a kernel runs in place); values that only take
     * turns in one buffer do not.
     */
    boolean same(final IrValue a, final IrValue b) {
        return storage(a) == storage(b);
    }

    /** The activation fused into a bias addition, which then emits {@code x = f(x + b)}; null when none is. */
    IrOp fusedActivation(final IrOp addBias) {
        return fusedActivations.get(addBias);
    }

    /**
     * The later gradient op, on the same scores and labels, whose buffer a loss op fills in the
     * same pass (so the gradient's value is written at the loss); null when none is.
     */
    IrOp gradientFilledBy(final IrOp loss) {
        return filledGradients.get(loss);
    }

    /** Whether an element-wise op is computed inside a later op's loop ({@link ElementwiseChains}), and so emits nothing. */
    boolean chained(final IrOp op) {
        return chained.containsKey(op);
    }

    /** Whether an element-wise op computes, in one loop, the ops chained into it. */
    boolean chainRoot(final IrOp op) {
        return chained.containsValue(op);
    }

    /** Whether an activation was fused into the bias addition before it, and so emits nothing. */
    boolean absorbed(final IrOp activation) {
        return absorbed.contains(activation);
    }

    /**
     * The field holding the shapes, for every batch size up to the capacity, of a convolution
     * ({@code ConvShapes}, from input [cin, h, w], cout, kernel, stride, pad) or a pooling
     * ({@code PoolShapes}, from input [c, h, w], size, stride): one per geometry, made in the
     * constructor, so that a step allocates no shape.
     */
    FieldRef shapes(final RuntimeMethod table, final int... geometry) {
        List<Integer> key = new ArrayList<>();
        key.add(table == Kernels.CONV_SHAPES ? 0 : 1);
        for (int g : geometry) {
            key.add(g);
        }
        return shapeTables.computeIfAbsent(key, k -> {
            Object[] arguments = new Object[geometry.length + 1];
            arguments[0] = capacity;
            for (int i = 0; i < geometry.length; i++) {
                arguments[i + 1] = geometry[i];
            }
            return builder.constant((table == Kernels.CONV_SHAPES ? "convShapes" : "poolShapes") + shapeTables.size(),
                table, arguments);
        });
    }

    FieldRef dropoutKey(final IrOp op) {
        return dropoutKeys.get(op);
    }

    Map<IrOp, FieldRef> dropoutKeys() {
        return dropoutKeys;
    }

    /** Per-channel scratch buffers of a batch normalization op (mean, invStd, and two for unwanted gradients). */
    FieldRef[] scratch(final IrOp op) {
        return scratch.get(op);
    }

    int layer(final String name) {
        return layers.get(name);
    }

    private int layer(final IrValue v) {
        return layers.get(v.layer());
    }

    /** The name within its layer: {@code fc1.weight.adam_m} is {@code weight.adam_m} of layer fc1. */
    private static String localName(final IrValue v) {
        String prefix = v.layer() + ".";
        return v.name().startsWith(prefix) ? v.name().substring(prefix.length()) : v.name();
    }

    private static String fieldName(final IrValue v) {
        StringBuilder out = new StringBuilder("v").append(v.id()).append('$');
        for (char c : v.name().toCharArray()) {
            out.append(Character.isJavaIdentifierPart(c) ? c : '$');
        }
        return out.toString();
    }

    /** The values that share {@code v}'s storage (a view, an op in place), not those that only take turns in its buffer. */
    Set<IrValue> sharedWith(final IrValue v) {
        return new HashSet<>(sharing.get(storage(v)));
    }
}
