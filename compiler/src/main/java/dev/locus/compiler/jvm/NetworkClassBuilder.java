package dev.locus.compiler.jvm;

import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.generated.ModelClasses;
import dev.locus.runtime.train.StepStats;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Builds one class extending {@link CompiledNetwork}: its fields, a constructor that declares the
 * layers and allocates every tensor once, and the three methods a network implements
 * ({@code initializeParameters}, {@code forward}, {@code step}), whose bodies the code generator
 * emits through {@link MethodEmitter}s. Shapes are constants: the constructor takes no arguments.
 *
 * <p>The class is public and final, in {@link ModelClasses#PACKAGE} (where it can be defined as a
 * hidden class), and names {@code sourceFile} as its source so that stack traces show the user's
 * {@code .locus} file.
 */
public final class NetworkClassBuilder {
    private static final String SUPER = Type.getInternalName(CompiledNetwork.class);
    private static final String FLOATS = "[F";

    private final String className;
    private final ModelClassWriter writer;
    private final String network;
    private final int sampleSize;
    private final int classes;
    private final int capacity;
    private final List<Consumer<MethodEmitter>> constructorSteps = new ArrayList<>();
    private final Set<String> fields = new HashSet<>();
    private final List<String> layers = new ArrayList<>();
    private final Map<String, MethodEmitter> methods = new LinkedHashMap<>();
    private FieldRef scores;
    private boolean finished;

    /**
     * @param simpleName the class's name in its package (a Java identifier, e.g. the network's name)
     * @param sourceFile the {@code .locus} file's name as a stack trace should show it
     */
    public NetworkClassBuilder(final String simpleName, final String sourceFile, final String network,
                               final int sampleSize, final int classes, final int batchCapacity) {
        this(ModelClasses.PACKAGE, simpleName, sourceFile, network, sampleSize, classes, batchCapacity);
    }

    /**
     * A class in {@code packageName} (internal form, {@code com/example/models}) instead: one written
     * into a model jar, loaded by name rather than defined hidden.
     */
    public NetworkClassBuilder(final String packageName, final String simpleName, final String sourceFile,
                               final String network, final int sampleSize, final int classes,
                               final int batchCapacity) {
        if (!isIdentifier(simpleName)) {
            throw new IllegalArgumentException("class name " + simpleName + " is not a Java identifier");
        }
        for (final String part : packageName.split("/", -1)) {
            if (!isIdentifier(part)) {
                throw new IllegalArgumentException("package " + packageName + " is not a Java package name");
            }
        }
        this.className = packageName + "/" + simpleName;
        this.network = network;
        this.sampleSize = sampleSize;
        this.classes = classes;
        this.capacity = batchCapacity;
        writer = new ModelClassWriter(className, SUPER, CompiledNetwork.class.getClassLoader());
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, className, null, SUPER,
            null);
        writer.visitSource(sourceFile, null);
    }

    public String className() {
        return className;
    }

    // ---------------------------------------------------------------- what the constructor declares

    /**
     * Declares the next layer; returns its index (layers in order, the output layer last).
     * {@code localLoss}: whether its rule minimizes a loss of its own; {@code classifier}: whether
     * that loss judges class scores, whose accuracy is reported.
     */
    public int layer(final String name, final boolean localLoss, final boolean classifier) {
        if (layers.contains(name)) {
            throw new IllegalArgumentException("layer " + name + " is declared twice");
        }
        layers.add(name);
        constructorSteps.add(c -> c.loadThis().push(name).push(localLoss).push(classifier).call(Base.LAYER)
                .pop(Type.INT_TYPE));
        return layers.size() - 1;
    }

    /** A parameter tensor, saved as {@code <layer>.<name>}. */
    public FieldRef parameter(final int layer, final String name, final int... shape) {
        return registered(Base.PARAMETER, layer, name, shape);
    }

    /** A tensor of training state (optimizer moments, running statistics), saved as {@code <layer>.<name>}. */
    public FieldRef state(final int layer, final String name, final int... shape) {
        return registered(Base.STATE, layer, name, shape);
    }

    /** A step counter, saved with the state as {@code <layer>.<name>}. */
    public FieldRef counter(final int layer, final String name) {
        checkLayer(layer, name);
        final FieldRef field = newField(layers.get(layer) + "$" + name.replace('.', '$'));
        constructorSteps.add(c -> c.loadThis().loadThis().push(layer).push(name).call(Base.COUNTER)
            .visitor().visitFieldInsn(Opcodes.PUTFIELD, className, field.name(), FLOATS));
        return field;
    }

    /** A step counter of the whole network, saved with the state as {@code <name>} alone. */
    public FieldRef networkCounter(final String name) {
        final FieldRef field = newField(name.replace('.', '$'));
        constructorSteps.add(c -> c.loadThis().loadThis().push(name).call(Base.NETWORK_COUNTER)
            .visitor().visitFieldInsn(Opcodes.PUTFIELD, className, field.name(), FLOATS));
        return field;
    }

    private FieldRef registered(final RuntimeMethod register, final int layer, final String name, final int[] shape) {
        checkLayer(layer, name);
        final FieldRef field = newField(layers.get(layer) + "$" + name.replace('.', '$'));
        final int[] dims = shape.clone();
        constructorSteps.add(c -> c.loadThis().loadThis().push(layer).push(name).pushInts(dims).call(register)
            .visitor().visitFieldInsn(Opcodes.PUTFIELD, className, field.name(), FLOATS));
        return field;
    }

    /** A buffer of {@code length} floats that no checkpoint holds (activations, gradients, fixed tensors). */
    public FieldRef buffer(final String name, final int length) {
        if (length < 1) {
            throw new IllegalArgumentException("buffer " + name + " needs at least 1 float, got " + length);
        }
        final FieldRef field = newField(name);
        constructorSteps.add(c -> {
            c.loadThis().push(length);
            c.visitor().visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_FLOAT);
            c.visitor().visitFieldInsn(Opcodes.PUTFIELD, className, field.name(), FLOATS);
        });
        return field;
    }

    /**
     * A final field holding what {@code factory} (a static runtime method) returns for
     * {@code arguments}, called once in the constructor: objects a step needs, made before it.
     */
    public FieldRef constant(final String name, final RuntimeMethod factory, final Object... arguments) {
        if (!isIdentifier(name) || !fields.add(name)) {
            throw new IllegalArgumentException("field " + name + " is declared twice or is not a Java identifier");
        }
        final String descriptor = factory.returnType().getDescriptor();
        writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, name, descriptor, null, null).visitEnd();
        final FieldRef field = new FieldRef(className, name, descriptor);
        final Object[] args = arguments.clone();
        constructorSteps.add(c -> {
            c.loadThis().invoke(factory, args);
            c.visitor().visitFieldInsn(Opcodes.PUTFIELD, className, field.name(), descriptor);
        });
        return field;
    }

    /**
     * A long field that the class sets itself (a random-stream key derived from the seed in
     * {@code initializeParameters}); not final, and no checkpoint holds it.
     */
    public FieldRef longField(final String name) {
        if (!isIdentifier(name) || !fields.add(name)) {
            throw new IllegalArgumentException("field " + name + " is declared twice or is not a Java identifier");
        }
        writer.visitField(Opcodes.ACC_PRIVATE, name, "J", null, null).visitEnd();
        return new FieldRef(className, name, "J");
    }

    /** Names the buffer of {@code [batchCapacity, classes]} output scores that {@code forward} writes. */
    public void scores(final FieldRef buffer) {
        scores = buffer;
    }

    private void checkLayer(final int layer, final String name) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("tensor " + name + " belongs to layer " + layer + ", but "
                + layers.size() + " layers are declared");
        }
    }

    private FieldRef newField(final String name) {
        if (!isIdentifier(name) || !fields.add(name)) {
            throw new IllegalArgumentException("field " + name + (fields.contains(name) ? " is declared twice"
                : " is not a Java identifier"));
        }
        writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, name, FLOATS, null, null).visitEnd();
        return new FieldRef(className, name, FLOATS);
    }

    // ---------------------------------------------------------------- the methods a network implements

    /** {@code protected void initializeParameters(long seed)}: every registered tensor is zero on entry. */
    public MethodEmitter initializeParameters() {
        return method(Base.INITIALIZE, "seed");
    }

    /** {@code protected void forward(float[] images, int count)}. */
    public MethodEmitter forward() {
        return method(Base.FORWARD, "images", "count");
    }

    /** {@code protected void step(float[] images, int[] labels, int count, StepStats stats)}. */
    public MethodEmitter step() {
        return method(Base.STEP, "images", "labels", "count", "stats");
    }

    private MethodEmitter method(final Method overridden, final String... names) {
        if (methods.containsKey(overridden.getName())) {
            throw new IllegalStateException(overridden.getName() + " is already being emitted");
        }
        final Type[] types = Type.getArgumentTypes(overridden);
        final Map<String, Type> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            parameters.put(names[i], types[i]);
        }
        final MethodEmitter emitter = new MethodEmitter(writer.visitMethod(Opcodes.ACC_PROTECTED, overridden.getName(),
            Type.getMethodDescriptor(overridden), null, null), parameters);
        methods.put(overridden.getName(), emitter);
        return emitter;
    }

    /** Ends every method, writes the constructor and {@code scores()}, and returns the class file. */
    public GeneratedClass finish() {
        if (finished) {
            throw new IllegalStateException(className + " is already finished");
        }
        for (final Method m : List.of(Base.INITIALIZE, Base.FORWARD, Base.STEP)) {
            if (!methods.containsKey(m.getName())) {
                throw new IllegalStateException("network class " + className + " has no " + m.getName() + " method");
            }
        }
        if (scores == null) {
            throw new IllegalStateException("network class " + className + " names no scores buffer");
        }
        finished = true;
        for (final MethodEmitter m : methods.values()) {
            m.end(Opcodes.RETURN);
        }
        writeConstructor();
        final MethodEmitter scoresMethod = new MethodEmitter(writer.visitMethod(Opcodes.ACC_PROTECTED,
            Base.SCORES.getName(), Type.getMethodDescriptor(Base.SCORES), null, null), Map.of());
        scoresMethod.load(scores).end(Opcodes.ARETURN);
        writer.visitEnd();
        return new GeneratedClass(className, writer.toByteArray());
    }

    private void writeConstructor() {
        final MethodEmitter c = new MethodEmitter(writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null),
            Map.of());
        c.loadThis().push(network).push(sampleSize).push(classes).push(capacity);
        c.visitor().visitMethodInsn(Opcodes.INVOKESPECIAL, SUPER, "<init>", Base.CONSTRUCTOR, false);
        for (final Consumer<MethodEmitter> step : constructorSteps) {
            step.accept(c);
        }
        c.end(Opcodes.RETURN);
    }

    private static boolean isIdentifier(final String name) {
        if (name == null || name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(Character::isJavaIdentifierPart);
    }

    /** The members of {@link CompiledNetwork} that generated code calls or overrides, found by reflection. */
    private static final class Base {
        static final RuntimeMethod LAYER = RuntimeMethod.named(CompiledNetwork.class, "declareLayer");
        static final RuntimeMethod PARAMETER = RuntimeMethod.named(CompiledNetwork.class, "registerParameter");
        static final RuntimeMethod STATE = RuntimeMethod.named(CompiledNetwork.class, "registerState");
        static final RuntimeMethod COUNTER = RuntimeMethod.named(CompiledNetwork.class, "registerCounter");
        static final RuntimeMethod NETWORK_COUNTER = RuntimeMethod.named(CompiledNetwork.class,
            "registerNetworkCounter");
        static final Method INITIALIZE = declared("initializeParameters", long.class);
        static final Method FORWARD = declared("forward", float[].class, int.class);
        static final Method STEP = declared("step", float[].class, int[].class, int.class, StepStats.class);
        static final Method SCORES = declared("scores");
        static final String CONSTRUCTOR = constructor();

        private static Method declared(final String name, final Class<?>... parameters) {
            try {
                return CompiledNetwork.class.getDeclaredMethod(name, parameters);
            } catch (final NoSuchMethodException e) {
                throw new IllegalStateException("the runtime's CompiledNetwork has no method " + name, e);
            }
        }

        private static String constructor() {
            try {
                return Type.getConstructorDescriptor(CompiledNetwork.class.getDeclaredConstructor(String.class,
                    int.class, int.class, int.class));
            } catch (final NoSuchMethodException e) {
                throw new IllegalStateException("the runtime's CompiledNetwork has no (name, sampleSize, classes, "
                    + "batchCapacity) constructor", e);
            }
        }
    }
}
