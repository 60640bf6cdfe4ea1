package dev.locus.compiler.jvm;

import dev.locus.compiler.source.Span;
import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Emits the body of one method of a generated class: loads of fields, arguments and constants,
 * calls of runtime methods, and the source line of each op. The code generator emits one op as
 * {@code at(span)}, the loads of the kernel's arguments, then {@code call(kernel)}.
 */
public final class MethodEmitter {
    private final MethodVisitor mv;
    private final Map<String, Local> locals = new LinkedHashMap<>();
    private int nextSlot;
    private int line = -1;

    /** {@code parameters} name the method's arguments in order; slot 0 is {@code this}. */
    MethodEmitter(final MethodVisitor mv, final Map<String, Type> parameters) {
        this.mv = mv;
        nextSlot = 1;
        for (final Map.Entry<String, Type> p : parameters.entrySet()) {
            declare(p.getKey(), p.getValue());
        }
        mv.visitCode();
    }

    // ---------------------------------------------------------------- locals

    /** The argument or temporary named {@code name}. */
    public Local local(final String name) {
        final Local found = locals.get(name);
        if (found == null) {
            throw new IllegalArgumentException("this method has no argument or local named " + name + "; it has "
                + locals.keySet());
        }
        return found;
    }

    /** A new temporary of {@code type}, for a value computed once and read several times. */
    public Local newLocal(final String name, final Type type) {
        if (locals.containsKey(name)) {
            throw new IllegalArgumentException("local " + name + " is declared twice");
        }
        return declare(name, type);
    }

    private Local declare(final String name, final Type type) {
        final Local local = new Local(name, type, nextSlot);
        locals.put(name, local);
        nextSlot += type.getSize();
        return local;
    }

    public MethodEmitter load(final Local local) {
        mv.visitVarInsn(local.type().getOpcode(Opcodes.ILOAD), local.slot());
        return this;
    }

    public MethodEmitter store(final Local local) {
        mv.visitVarInsn(local.type().getOpcode(Opcodes.ISTORE), local.slot());
        return this;
    }

    public MethodEmitter loadThis() {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        return this;
    }

    /** Pushes {@code this.field}. */
    public MethodEmitter load(final FieldRef field) {
        loadThis();
        mv.visitFieldInsn(Opcodes.GETFIELD, field.owner(), field.name(), field.descriptor());
        return this;
    }

    // ---------------------------------------------------------------- constants, in their shortest form

    public MethodEmitter push(final int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
        return this;
    }

    public MethodEmitter push(final boolean value) {
        mv.visitInsn(value ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        return this;
    }

    /** A float constant; -0.0 and NaN payloads are kept bit for bit (FCONST_0 is +0.0 only). */
    public MethodEmitter push(final float value) {
        final int bits = Float.floatToRawIntBits(value);
        if (bits == Float.floatToRawIntBits(0f) || value == 1f || value == 2f) {
            mv.visitInsn(Opcodes.FCONST_0 + (int) value);
        } else {
            mv.visitLdcInsn(value);
        }
        return this;
    }

    public MethodEmitter push(final long value) {
        if (value == 0L || value == 1L) {
            mv.visitInsn(Opcodes.LCONST_0 + (int) value);
        } else {
            mv.visitLdcInsn(value);
        }
        return this;
    }

    /** A double constant; -0.0 is kept (DCONST_0 is +0.0 only). */
    public MethodEmitter push(final double value) {
        if (Double.doubleToRawLongBits(value) == 0L || value == 1d) {
            mv.visitInsn(Opcodes.DCONST_0 + (int) value);
        } else {
            mv.visitLdcInsn(value);
        }
        return this;
    }

    /** A string constant: a name or a random-stream key; strings are data to the runtime, never called on. */
    public MethodEmitter push(final String value) {
        mv.visitLdcInsn(value);
        return this;
    }

    /** A constant of a runtime enum (an activation, a loss). */
    public MethodEmitter push(final Enum<?> constant) {
        final Type owner = Type.getType(constant.getDeclaringClass());
        if (!owner.getInternalName().startsWith(RuntimeMethod.RUNTIME_PACKAGE)) {
            throw new IllegalArgumentException(constant.getDeclaringClass().getName() + " is not a runtime enum");
        }
        mv.visitFieldInsn(Opcodes.GETSTATIC, owner.getInternalName(), constant.name(), owner.getDescriptor());
        return this;
    }

    public MethodEmitter pushNull() {
        mv.visitInsn(Opcodes.ACONST_NULL);
        return this;
    }

    /** {@code new int[] {values...}}, for shapes passed once in a constructor. */
    public MethodEmitter pushInts(final int... values) {
        push(values.length);
        mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_INT);
        for (int i = 0; i < values.length; i++) {
            mv.visitInsn(Opcodes.DUP);
            push(i);
            push(values[i]);
            mv.visitInsn(Opcodes.IASTORE);
        }
        return this;
    }

    // ---------------------------------------------------------------- calls and control

    /** Calls {@code method}; its receiver (for an instance method) and arguments must be on the stack. */
    public MethodEmitter call(final RuntimeMethod method) {
        mv.visitMethodInsn(method.opcode(), method.owner(), method.name(), method.descriptor(), method.ownerIsInterface());
        return this;
    }

    /**
     * Pushes {@code arguments} and calls {@code method}: the form an op takes in emitted code. Each
     * argument is checked against the method's parameter type here, at generation time: an
     * {@link Integer}, {@link Float}, {@link Long}, {@link Double} or {@link Boolean} constant, a
     * {@link String} or runtime {@link Enum} constant, a {@link FieldRef} of this class, a
     * {@link Local}, a {@link Scaled} count for an int, or {@code null} for a reference. An instance method's receiver must already be
     * on the stack (for the base class's methods: {@link #loadThis()}).
     *
     * @throws IllegalArgumentException naming the first argument that does not fit
     */
    public MethodEmitter invoke(final RuntimeMethod method, final Object... arguments) {
        final Type[] parameters = Type.getArgumentTypes(method.descriptor());
        if (arguments.length != parameters.length) {
            throw new IllegalArgumentException(method.owner() + "." + method.name() + " takes " + parameters.length
                + " arguments, got " + arguments.length);
        }
        for (int i = 0; i < arguments.length; i++) {
            if (!fits(arguments[i], parameters[i])) {
                throw new IllegalArgumentException("argument " + (i + 1) + " of " + method.owner() + "." + method.name()
                    + " is a " + parameters[i].getClassName() + ", got " + describe(arguments[i]));
            }
            pushArgument(arguments[i]);
        }
        return call(method);
    }

    private static boolean fits(final Object argument, final Type parameter) {
        if (argument == null) {
            return parameter.getSort() == Type.OBJECT || parameter.getSort() == Type.ARRAY;
        }
        if (argument instanceof Local local) {
            return local.type().equals(parameter);
        }
        if (argument instanceof FieldRef field) {
            return field.descriptor().equals(parameter.getDescriptor());
        }
        if (argument instanceof Scaled) {
            return parameter.getSort() == Type.INT;
        }
        if (argument instanceof Enum<?> constant) {
            return Type.getType(constant.getDeclaringClass()).equals(parameter);
        }
        return switch (parameter.getSort()) {
            case Type.INT -> argument instanceof Integer;
            case Type.FLOAT -> argument instanceof Float;
            case Type.LONG -> argument instanceof Long;
            case Type.DOUBLE -> argument instanceof Double;
            case Type.BOOLEAN -> argument instanceof Boolean;
            case Type.OBJECT -> argument instanceof String && parameter.getInternalName().equals("java/lang/String");
            default -> false;
        };
    }

    private void pushArgument(final Object argument) {
        if (argument == null) {
            pushNull();
        } else if (argument instanceof Local local) {
            load(local);
        } else if (argument instanceof FieldRef field) {
            load(field);
        } else if (argument instanceof Scaled scaled) {
            load(scaled.count());
            if (scaled.factor() != 1) {
                push(scaled.factor());
                mv.visitInsn(Opcodes.IMUL);
            }
        } else if (argument instanceof Enum<?> constant) {
            push(constant);
        } else if (argument instanceof Integer value) {
            push(value.intValue());
        } else if (argument instanceof Float value) {
            push(value.floatValue());
        } else if (argument instanceof Long value) {
            push(value.longValue());
        } else if (argument instanceof Double value) {
            push(value.doubleValue());
        } else if (argument instanceof Boolean value) {
            push(value.booleanValue());
        } else {
            push((String) argument);
        }
    }

    private static String describe(final Object argument) {
        if (argument == null) {
            return "null";
        }
        if (argument instanceof Local local) {
            return "local " + local.name() + " of type " + local.type().getClassName();
        }
        if (argument instanceof FieldRef field) {
            return "field " + field.name() + " of type " + Type.getType(field.descriptor()).getClassName();
        }
        return argument.getClass().getSimpleName() + " " + argument;
    }

    /** Pushes an argument as {@link #invoke} would: a constant, a field, a local or a {@link Scaled} count. */
    public MethodEmitter pushValue(final Object argument) {
        pushArgument(argument);
        return this;
    }

    /** An instruction without operands (arithmetic, array access, conversion). */
    public MethodEmitter insn(final int opcode) {
        mv.visitInsn(opcode);
        return this;
    }

    /** Adds {@code increment} to the int local {@code local}. */
    public MethodEmitter increment(final Local local, final int increment) {
        mv.visitIincInsn(local.slot(), increment);
        return this;
    }

    /** Jumps to {@code target} when the int below the top of the stack is less than the top one. */
    public MethodEmitter jumpIfLess(final Label target) {
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, target);
        return this;
    }

    /** Pushes element {@code index} of the float array {@code this.field}. */
    public MethodEmitter loadElement(final FieldRef field, final int index) {
        load(field);
        push(index);
        mv.visitInsn(Opcodes.FALOAD);
        return this;
    }

    /** Stores the float on top of the stack into element {@code index} of {@code this.field}: emit the value in {@code value}. */
    public MethodEmitter storeElement(final FieldRef field, final int index, final Runnable value) {
        load(field);
        push(index);
        value.run();
        mv.visitInsn(Opcodes.FASTORE);
        return this;
    }

    /** Stores the value on top of the stack into {@code this.field} (a field the class does not declare final). */
    public MethodEmitter storeField(final FieldRef field) {
        loadThis();
        // the value is below this: swap them (a long takes two slots)
        if (Type.getType(field.descriptor()).getSize() == 2) {
            mv.visitInsn(Opcodes.DUP_X2);
            mv.visitInsn(Opcodes.POP);
        } else {
            mv.visitInsn(Opcodes.SWAP);
        }
        mv.visitFieldInsn(Opcodes.PUTFIELD, field.owner(), field.name(), field.descriptor());
        return this;
    }

    /** Discards the value on top of the stack (a kernel's result the network does not read). */
    public MethodEmitter pop(final Type type) {
        mv.visitInsn(type.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
        return this;
    }

    public Label newLabel() {
        return new Label();
    }

    /** Jumps to {@code target} when the int (boolean) on top of the stack is 0. */
    public MethodEmitter jumpIfFalse(final Label target) {
        mv.visitJumpInsn(Opcodes.IFEQ, target);
        return this;
    }

    /** Jumps to {@code target} unconditionally. */
    public MethodEmitter jump(final Label target) {
        mv.visitJumpInsn(Opcodes.GOTO, target);
        return this;
    }

    public MethodEmitter mark(final Label label) {
        mv.visitLabel(label);
        return this;
    }

    /**
     * Marks the code that follows as coming from {@code span}'s line, so that a stack trace or a
     * profiler points at the user's source. Consecutive ops of one line share one entry.
     */
    public MethodEmitter at(final Span span) {
        final int sourceLine = span.line();
        if (sourceLine != line) {
            final Label here = new Label();
            mv.visitLabel(here);
            mv.visitLineNumber(sourceLine, here);
            line = sourceLine;
        }
        return this;
    }

    // ---------------------------------------------------------------- for the class builder

    MethodVisitor visitor() {
        return mv;
    }

    void end(final int returnOpcode) {
        mv.visitInsn(returnOpcode);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
