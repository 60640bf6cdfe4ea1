package dev.locus.compiler.jvm;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;

/**
 * A {@link ClassWriter} that computes stack map frames itself. To merge two reference types at a
 * branch, ASM asks for their common superclass, and its default answer loads both classes; the
 * class being made does not exist yet, so this writer answers for it from the superclass it was
 * told, and loads only runtime classes, through the runtime's class loader (never the thread's
 * context loader, which may not see the runtime).
 */
final class ModelClassWriter extends ClassWriter {
    private final String className;
    private final String superName;
    private final ClassLoader loader;

    ModelClassWriter(final String className, final String superName, final ClassLoader loader) {
        super(COMPUTE_FRAMES);
        this.className = className;
        this.superName = superName;
        this.loader = loader;
    }

    @Override
    protected String getCommonSuperClass(final String type1, final String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        final List<String> first = ancestors(type1);
        final List<String> second = ancestors(type2);
        for (final String candidate : first) {
            if (second.contains(candidate)) {
                return candidate;
            }
        }
        return "java/lang/Object";
    }

    @Override
    protected ClassLoader getClassLoader() {
        return loader;
    }

    /** {@code type} and its superclasses, nearest first; an interface's only ancestor is Object, as for the verifier. */
    private List<String> ancestors(final String type) {
        final List<String> chain = new ArrayList<>();
        Class<?> c;
        if (type.equals(className)) {
            chain.add(className);
            c = load(superName);
        } else {
            c = load(type);
        }
        if (c.isInterface()) {
            chain.add(type);
            chain.add("java/lang/Object");
            return chain;
        }
        for (; c != null; c = c.getSuperclass()) {
            chain.add(c.getName().replace('.', '/'));
        }
        return chain;
    }

    private Class<?> load(final String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("generated class " + className + " refers to " + internalName
                + ", which the runtime's class loader cannot find", e);
        }
    }
}
