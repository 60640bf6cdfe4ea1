package dev.locus.compiler.jvm;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;

/**
 * What generated code may refer to, so that a Locus program cannot reach files, the network,
 * threads or reflection: the Locus runtime ({@code dev/locus/runtime/**}, where the backend's
 * hidden classes live), the generated class itself (in a model jar, in a package of the user's
 * choosing: {@link #violations(byte[])}), {@code java/lang/Math}, {@code java/lang/Object} (the root of every class;
 * of its methods only its constructor), and arrays of primitives. {@code java/lang/String} may
 * appear only as a type in a descriptor (layer and tensor names, random-stream keys passed to the
 * runtime as constants); none of its methods may be called. No dynamic constant or call site.
 */
public final class RuntimeOnlyPolicy {
    private static final String MATH = "java/lang/Math";
    private static final String OBJECT = "java/lang/Object";
    private static final String STRING = "java/lang/String";

    private RuntimeOnlyPolicy() {
    }

    /** Every reference of {@code references} outside what is allowed; empty when the class keeps to it. */
    public static List<String> violations(final ClassReferences references) {
        return violations(references, "");
    }

    /**
     * The violations of the class file {@code classFile}, whose own name is allowed wherever the
     * runtime's is: a class of a model jar lives in a package of the user's choosing and refers to
     * its own fields.
     */
    public static List<String> violations(final byte[] classFile) {
        return violations(ClassReferences.of(classFile), new ClassReader(classFile).getClassName());
    }

    private static List<String> violations(final ClassReferences references, final String self) {
        final List<String> found = new ArrayList<>();
        for (final String c : references.classes()) {
            if (!allowedClass(c) && !c.equals(self)) {
                found.add("class " + c);
            }
        }
        for (final ClassReferences.Member f : references.fields()) {
            if (!isRuntime(f.owner()) && !f.owner().equals(self)) {
                found.add("field " + f);
            }
        }
        for (final ClassReferences.Member m : references.methods()) {
            final boolean allowed = isRuntime(m.owner()) || m.owner().equals(self) || m.owner().equals(MATH)
                || m.owner().equals(OBJECT) && m.name().equals("<init>") && m.descriptor().equals("()V");
            if (!allowed) {
                found.add("method " + m);
            }
        }
        for (final String t : references.descriptorTypes()) {
            if (!isRuntime(t) && !t.equals(STRING) && !t.equals(OBJECT) && !t.equals(self)) {
                found.add("type " + t + " in a descriptor");
            }
        }
        for (final String d : references.dynamic()) {
            found.add("dynamic " + d);
        }
        return found;
    }

    private static boolean allowedClass(final String name) {
        if (name.startsWith("[")) {
            final String element = name.replace("[", "");
            return element.length() == 1 && "ZBCSIJFD".contains(element)
                || element.startsWith("L") && isRuntime(element.substring(1, element.length() - 1));
        }
        return isRuntime(name) || name.equals(MATH) || name.equals(OBJECT);
    }

    private static boolean isRuntime(final String internalName) {
        return internalName.startsWith(RuntimeMethod.RUNTIME_PACKAGE);
    }
}
