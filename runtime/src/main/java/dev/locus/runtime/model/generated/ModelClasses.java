package dev.locus.runtime.model.generated;

import dev.locus.runtime.model.CompiledNetwork;
import java.lang.invoke.MethodHandles;

/**
 * Defines compiled networks as hidden classes of this package.
 *
 * <p>Why not hand out the {@code Lookup} itself: a full-privilege lookup escaping this class would
 * let anyone define permanent, named classes in the runtime's class loader, and would reach every
 * private member of this package. This class keeps the lookup and offers one narrow operation:
 * define a hidden class (nameless, unloadable once unreachable, not a nestmate of anything here)
 * that must extend {@link CompiledNetwork}. The package holds no other class, so a class defined
 * here gains no access that any class on the class path lacks; it can do only what the code that
 * handed over its bytes could already do.
 */
public final class ModelClasses {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** The package, in internal form, that a class given to {@link #defineHidden} must belong to. */
    public static final String PACKAGE = "dev/locus/runtime/model/generated";

    private ModelClasses() {
    }

    /**
     * Defines {@code bytes}, a class of this package extending {@link CompiledNetwork}, as a hidden
     * class, not yet initialized.
     *
     * @throws IllegalArgumentException if the bytes name another package or the class is not a network
     */
    public static Class<? extends CompiledNetwork> defineHidden(final byte[] bytes) {
        final Class<?> defined;
        try {
            defined = LOOKUP.defineHiddenClass(bytes.clone(), false).lookupClass();
        } catch (final IllegalAccessException e) {
            throw new IllegalStateException("the lookup of " + ModelClasses.class.getName()
                + " lost its full privilege", e);
        }
        if (!CompiledNetwork.class.isAssignableFrom(defined)) {
            throw new IllegalArgumentException(defined.getName() + " does not extend " + CompiledNetwork.class.getName());
        }
        return defined.asSubclass(CompiledNetwork.class);
    }
}
