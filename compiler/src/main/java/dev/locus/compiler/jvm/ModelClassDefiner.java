package dev.locus.compiler.jvm;

import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.generated.ModelClasses;
import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a generated class into a running network, in one of two ways:
 * <ul>
 *   <li>{@link Definition#HIDDEN} (the default): a hidden class of the runtime's generated-model
 *       package. It has no name anything can link against, and it is unloaded once unreachable,
 *       so a process can compile networks without end. The JVM leaves hidden classes' frames out
 *       of stack traces (unless run with {@code -XX:+UnlockDiagnosticVMOptions -XX:+ShowHiddenFrames}).</li>
 *   <li>{@link Definition#PLAIN} (debugging, beside the dump): an ordinary class, defined from the
 *       same bytes by a class loader of its own, whose frames appear in stack traces with the
 *       {@code .locus} file and line, and which profilers and debuggers show by name.</li>
 * </ul>
 */
public final class ModelClassDefiner {

    /** How a generated class is defined. */
    public enum Definition { HIDDEN, PLAIN }

    private ModelClassDefiner() {
    }

    /** Defines {@code generated} and returns its class, not yet initialized. */
    public static Class<? extends CompiledNetwork> define(final GeneratedClass generated, final Definition how) {
        return switch (how) {
            case HIDDEN -> ModelClasses.defineHidden(generated.bytes());
            case PLAIN -> new SingleClassLoader(generated).defined().asSubclass(CompiledNetwork.class);
        };
    }

    /** A new instance of a defined network class (constructing it allocates every tensor). */
    public static CompiledNetwork instantiate(final Class<? extends CompiledNetwork> network) {
        try {
            return network.getDeclaredConstructor().newInstance();
        } catch (final InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("constructing " + network.getName() + " failed", e.getCause());
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException(network.getName() + " has no public constructor without arguments", e);
        }
    }

    /**
     * The backend's way in ({@code --dump-classes DIR}): with a dump folder, writes the class and
     * its listing there and defines it {@link Definition#PLAIN}, so that what runs is what was
     * dumped and stack traces reach the user's lines; without one, defines it {@link Definition#HIDDEN}.
     *
     * @throws LocusException when the dump cannot be written, naming the folder
     */
    public static CompiledNetwork load(final GeneratedClass generated, final Optional<Path> dumpDir) {
        if (dumpDir.isEmpty()) {
            return load(generated, Definition.HIDDEN);
        }
        try {
            ClassDump.write(dumpDir.get(), generated);
        } catch (final IOException e) {
            throw new LocusException(dumpDir.get() + ": cannot write the class dump there: " + e.getMessage(), e);
        }
        return load(generated, Definition.PLAIN);
    }

    /** Defines and instantiates {@code generated} in one step. */
    public static CompiledNetwork load(final GeneratedClass generated, final Definition how) {
        return instantiate(define(generated, how));
    }

    /**
     * A loader for one class, whose parent is the runtime's loader. One loader per class lets two
     * networks of the same name coexist, and lets the class be unloaded with its loader.
     */
    private static final class SingleClassLoader extends ClassLoader {
        private final Class<?> defined;

        SingleClassLoader(final GeneratedClass generated) {
            super("locus-" + generated.simpleName(), CompiledNetwork.class.getClassLoader());
            final byte[] bytes = generated.bytes();
            defined = defineClass(generated.binaryName(), bytes, 0, bytes.length);
        }

        Class<?> defined() {
            return defined;
        }
    }
}
