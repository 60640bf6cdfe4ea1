package dev.locus.compiler.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Everything a class file refers to, read from its constant pool: the classes it names, the
 * fields and methods it uses (owner, name, descriptor), every type that appears in a descriptor
 * (of its own members too), and any dynamically linked constant or call site, which generated
 * code has no business making.
 *
 * @param classes every CONSTANT_Class entry, internal form (arrays as descriptors: {@code [F})
 * @param fields every field it reads or writes
 * @param methods every method it calls
 * @param descriptorTypes every class named inside a descriptor, arrays reduced to their element type
 * @param dynamic one text per CONSTANT_MethodHandle, MethodType, Dynamic or InvokeDynamic entry
 */
public record ClassReferences(Set<String> classes, Set<Member> fields, Set<Member> methods,
                              Set<String> descriptorTypes, List<String> dynamic) {

    /** A field or method another class declares. */
    public record Member(String owner, String name, String descriptor) implements Comparable<Member> {
        @Override
        public int compareTo(final Member o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return owner + "." + name + descriptor;
        }
    }

    private static final int CLASS = 7;
    private static final int FIELDREF = 9;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int DYNAMIC = 17;
    private static final int INVOKE_DYNAMIC = 18;

    /** Reads the references of the class file {@code bytes}. */
    public static ClassReferences of(final byte[] bytes) {
        final ClassReader reader = new ClassReader(bytes);
        final char[] buffer = new char[reader.getMaxStringLength()];
        final Set<String> classes = new TreeSet<>();
        final Set<Member> fields = new TreeSet<>();
        final Set<Member> methods = new TreeSet<>();
        final Set<String> types = new TreeSet<>();
        final List<String> dynamic = new ArrayList<>();
        for (int i = 1; i < reader.getItemCount(); i++) {
            final int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            switch (reader.readByte(offset - 1)) {
                case CLASS -> classes.add(reader.readUTF8(offset, buffer));
                case FIELDREF, METHODREF, INTERFACE_METHODREF -> {
                    final Member member = member(reader, offset, buffer);
                    if (reader.readByte(offset - 1) == FIELDREF) {
                        fields.add(member);
                        addTypes(types, Type.getType(member.descriptor()));
                    } else {
                        methods.add(member);
                        addTypes(types, Type.getMethodType(member.descriptor()));
                    }
                }
                case METHOD_HANDLE, METHOD_TYPE, DYNAMIC, INVOKE_DYNAMIC ->
                    dynamic.add("constant pool entry " + i + " (tag " + reader.readByte(offset - 1) + ")");
                default -> {
                    // Numbers, strings, names and descriptors: data, or parts of the entries above.
                }
            }
        }
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(final int access, final String name, final String descriptor,
                                           final String signature, final Object value) {
                addTypes(types, Type.getType(descriptor));
                return null;
            }

            @Override
            public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                                             final String signature, final String[] exceptions) {
                addTypes(types, Type.getMethodType(descriptor));
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return new ClassReferences(classes, fields, methods, types, dynamic);
    }

    private static Member member(final ClassReader reader, final int offset, final char[] buffer) {
        final String owner = reader.readClass(offset, buffer);
        final int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
        return new Member(owner, reader.readUTF8(nameAndType, buffer), reader.readUTF8(nameAndType + 2, buffer));
    }

    private static void addTypes(final Set<String> into, final Type type) {
        switch (type.getSort()) {
            case Type.METHOD -> {
                for (final Type argument : type.getArgumentTypes()) {
                    addTypes(into, argument);
                }
                addTypes(into, type.getReturnType());
            }
            case Type.ARRAY -> addTypes(into, type.getElementType());
            case Type.OBJECT -> into.add(type.getInternalName());
            default -> {
                // Primitives and void name no class.
            }
        }
    }
}
