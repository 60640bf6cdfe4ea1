package dev.locus.compiler.jvm;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A method of the runtime that generated code calls, with its descriptor taken from the real
 * method by reflection: a kernel renamed or changed in the runtime fails here, where the code
 * generator looks it up (at generation time, so in the tests), never as a VerifyError or a
 * NoSuchMethodError when a user's model runs.
 *
 * @param owner the declaring class, internal form ({@code dev/locus/runtime/kernel/Sgemm})
 * @param ownerIsInterface whether the owner is an interface (an interface's static method needs an interface reference)
 * @param opcode INVOKESTATIC, INVOKEVIRTUAL or INVOKEINTERFACE
 */
public record RuntimeMethod(String owner, String name, String descriptor, boolean ownerIsInterface, int opcode) {

    /** The runtime's package, internal form: the only code generated classes may call besides java/lang/Math. */
    static final String RUNTIME_PACKAGE = "dev/locus/runtime/";

    /** The call of {@code method}, a public or protected method of a runtime class or of java.lang.Math. */
    public static RuntimeMethod of(final Method method) {
        final Class<?> owner = method.getDeclaringClass();
        final String internal = Type.getInternalName(owner);
        if (!internal.startsWith(RUNTIME_PACKAGE) && owner != Math.class) {
            throw new IllegalArgumentException("generated code may call only the Locus runtime and java.lang.Math, not "
                + owner.getName() + "." + method.getName());
        }
        final int modifiers = method.getModifiers();
        if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) {
            throw new IllegalArgumentException(owner.getName() + "." + method.getName()
                + " is neither public nor protected, so generated code cannot call it");
        }
        final int opcode = Modifier.isStatic(modifiers) ? Opcodes.INVOKESTATIC
            : owner.isInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
        return new RuntimeMethod(internal, method.getName(), Type.getMethodDescriptor(method), owner.isInterface(), opcode);
    }

    /**
     * The one public or protected method named {@code name} that {@code owner} declares.
     *
     * @throws IllegalArgumentException when there is none, or several (then use {@link #of} with the one meant)
     */
    public static RuntimeMethod named(final Class<?> owner, final String name) {
        final List<Method> found = Arrays.stream(owner.getDeclaredMethods())
            .filter(m -> m.getName().equals(name) && !m.isSynthetic())
            .filter(m -> Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()))
            .toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException(owner.getName() + " has no public or protected method " + name);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(owner.getName() + "." + name + " is overloaded (" + found.size()
                + " methods): pick one with RuntimeMethod.of(Method)");
        }
        return of(found.get(0));
    }

    /** The method's return type. */
    public Type returnType() {
        return Type.getReturnType(descriptor);
    }
}
