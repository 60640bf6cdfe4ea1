package dev.locus.compiler.jvm;

import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Emits a chain of element-wise ops ({@link ElementwiseChains}) as one loop,
 * {@code for (i = 0; i < n; i++) out[i] = expr}, instead of one {@code Elementwise} call, and one
 * pass over memory, per op. Each op computes what the kernels compute, bit for bit: FADD, FSUB,
 * FMUL, FDIV and FNEG; {@code Math.abs(float)}, {@code Math.signum(float)} (0 and NaN stay) and
 * {@code (float) Math.sqrt(x)}. A scalar operand is loaded once, before the loop, as the kernel
 * repeats it; every array is loaded into a local once.
 */
final class ChainEmitter {
    private static final RuntimeMethod ABS = math("abs", float.class);
    private static final RuntimeMethod SIGNUM = math("signum", float.class);
    private static final RuntimeMethod SQRT = math("sqrt", double.class);
    private static final Type FLOATS = Type.getType(float[].class);

    private final Emission e;
    private final BufferPlan plan;
    private final Map<IrValue, Local> leaves = new LinkedHashMap<>();
    private Local index;

    private ChainEmitter(final Emission e) {
        this.e = e;
        this.plan = e.plan();
    }

    /** Emits {@code root} and every op chained into it as one loop over root's output. */
    static void emit(final Emission e, final IrOp root) {
        new ChainEmitter(e).loop(root);
    }

    private void loop(final IrOp root) {
        MethodEmitter m = e.method();
        hoist(root);
        IrValue out = root.output();
        Local outArray = e.temporary("chainOut", FLOATS);
        m.pushValue(e.array(out)).store(outArray);
        Local n = e.temporary("chainLength", Type.INT_TYPE);
        m.pushValue(e.length(out)).store(n);
        index = e.temporary("chainIndex", Type.INT_TYPE);
        m.push(0).store(index);
        Label check = m.newLabel();
        Label body = m.newLabel();
        m.jump(check).mark(body);
        m.load(outArray).load(index);
        expression(root);
        m.insn(Opcodes.FASTORE).increment(index, 1);
        m.mark(check).load(index).load(n).jumpIfLess(body);
    }

    /** Loads every leaf before the loop: a scalar's one float, else its array. */
    private void hoist(final IrOp op) {
        MethodEmitter m = e.method();
        for (IrValue v : op.inputs()) {
            if (inner(v)) {
                hoist(v.definition());
            } else if (!leaves.containsKey(v)) {
                if (scalar(v, op)) {
                    Local f = e.temporary("chainScalar", Type.FLOAT_TYPE);
                    m.pushValue(e.array(v)).push(0).insn(Opcodes.FALOAD).store(f);
                    leaves.put(v, f);
                } else {
                    Local a = e.temporary("chainArray", FLOATS);
                    m.pushValue(e.array(v)).store(a);
                    leaves.put(v, a);
                }
            }
        }
    }

    private boolean inner(final IrValue v) {
        return v.definition() != null && plan.chained(v.definition());
    }

    /** A one-float operand the kernel would repeat over an output of more than one float. */
    private static boolean scalar(final IrValue v, final IrOp reader) {
        return !v.type().equals(reader.output().type());
    }

    /** Pushes element {@code index} of op's output. */
    private void expression(final IrOp op) {
        MethodEmitter m = e.method();
        for (IrValue v : op.inputs()) {
            if (inner(v)) {
                expression(v.definition());
            } else {
                Local l = leaves.get(v);
                if (l.type().equals(Type.FLOAT_TYPE)) {
                    m.load(l);
                } else {
                    m.load(l).load(index).insn(Opcodes.FALOAD);
                }
            }
        }
        switch (op.kind()) {
            case ADD -> m.insn(Opcodes.FADD);
            case SUB -> m.insn(Opcodes.FSUB);
            case MUL -> m.insn(Opcodes.FMUL);
            case DIV -> m.insn(Opcodes.FDIV);
            case NEG -> m.insn(Opcodes.FNEG);
            case ABS -> m.call(ABS);
            case SIGN -> m.call(SIGNUM);
            case SQRT -> m.insn(Opcodes.F2D).call(SQRT).insn(Opcodes.D2F);
            default -> throw new IllegalStateException(op + " is not element-wise arithmetic");
        }
    }

    private static RuntimeMethod math(final String name, final Class<?> parameter) {
        try {
            return RuntimeMethod.of(Math.class.getMethod(name, parameter));
        } catch (NoSuchMethodException ex) {
            throw new IllegalStateException("java.lang.Math has no " + name, ex);
        }
    }
}
