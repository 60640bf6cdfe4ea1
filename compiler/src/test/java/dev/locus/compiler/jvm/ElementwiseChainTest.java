package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.generated.ModelClasses;
import dev.locus.runtime.train.StepStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** A chain of element-wise rule arithmetic is one loop of the generated class, not one kernel call per op. */
class ElementwiseChainTest {
    private static final String SOURCE = String.join("\n",
        "rule chained {",
        "    hidden {",
        "        fixed B = uniform(features(layer.out), classes, 0.5)",
        "        let s = flatten(layer.out) @ B",
        "        minimize mean(abs(s - 1) * 2 + sqrt(abs(s)))",
        "    }",
        "    output {",
        "        minimize cross_entropy(layer.out, label)",
        "    }",
        "}",
        "network Net {",
        "    input  x : [10]",
        "    classes 3",
        "    layer  fc1 = dense(6) -> tanh",
        "    output out = dense(classes)",
        "}",
        "train Net {",
        "    data      idx(images: \"s\", labels: \"s\", test_images: \"s\", test_labels: \"s\")",
        "    rule      chained",
        "    optimizer adam(lr: 0.01)",
        "    batch     4",
        "    epochs    1",
        "    seed      1",
        "}");

    private static final Set<OpKind> ELEMENTWISE = EnumSet.of(OpKind.ADD, OpKind.SUB, OpKind.MUL, OpKind.DIV,
        OpKind.NEG, OpKind.ABS, OpKind.SIGN, OpKind.SQRT);

    private static IrGraph graph() {
        final Diagnostics diagnostics = new Diagnostics();
        return Compilation.compile(Path.of("chained.locus"), SOURCE, diagnostics)
            .orElseThrow(() -> new AssertionError(diagnostics.all().toString())).units().get(0).graph();
    }

    private static BufferPlan plan(final IrGraph graph) {
        final NetworkClassBuilder builder = new NetworkClassBuilder("Net", "chained.locus", "Net",
            graph.images().type().shape().intSize(), 3, graph.training().batch());
        return BufferPlan.of(graph, builder, graph.training().batch());
    }

    @Test
    void theForwardChainIsComputedInsideItsLastAddition() {
        final IrGraph graph = graph();
        final BufferPlan plan = plan(graph);
        final IrOp mean = graph.blocks().stream().flatMap(b -> b.ops().stream())
            .filter(op -> op.kind() == OpKind.MEAN && op.input(0).definition().kind() == OpKind.ADD).findFirst()
            .orElseThrow();
        final IrOp add = mean.input(0).definition();
        assertEquals(OpKind.ADD, add.kind());
        assertTrue(plan.chainRoot(add));
        assertFalse(plan.chained(add), "the sum's value is read by the mean, which is no element-wise op");
        final IrOp times = add.input(0).definition();
        assertEquals(OpKind.MUL, times.kind());
        assertTrue(plan.chained(times));
        final IrOp abs = times.input(0).definition();
        assertEquals(OpKind.ABS, abs.kind());
        assertTrue(plan.chained(abs));
        // s - 1 is read again by abs's gradient (its sign), so it keeps a buffer and a kernel call
        assertFalse(plan.chained(abs.input(0).definition()));
        final IrOp sqrt = add.input(1).definition();
        assertEquals(OpKind.SQRT, sqrt.kind());
        assertFalse(plan.chained(sqrt), "sqrt's gradient reads its output");
        assertTrue(plan.chained(sqrt.input(0).definition()), "abs(s) is read by sqrt alone");
    }

    @Test
    void everyChainIsOneLoopAndEveryOtherOpOneKernelCall() {
        final IrGraph graph = graph();
        final BufferPlan plan = plan(graph);
        int ops = 0;
        int calls = 0;
        for (IrBlock block : graph.schedule().train()) {
            for (IrOp op : block.ops()) {
                if (ELEMENTWISE.contains(op.kind())) {
                    ops++;
                    if (!plan.chained(op) && !plan.chainRoot(op)) {
                        calls++;
                    }
                }
            }
        }
        final GeneratedClass generated = NetworkCompiler.compile(graph);
        GeneratedClassAssertions.assertSound(generated);
        final int[] emitted = {0};
        new ClassReader(generated.bytes()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                                             final String signature, final String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(final int opcode, final String owner, final String method,
                                                final String desc, final boolean isInterface) {
                        if (owner.equals(Kernels.BINARY.owner())
                            && (method.equals(Kernels.BINARY.name()) || method.equals(Kernels.UNARY.name()))) {
                            emitted[0]++;
                        }
                    }
                };
            }
        }, 0);
        assertTrue(calls < ops - 3, "at least the forward chain of four ops is fused: " + calls + " of " + ops);
        assertEquals(calls, emitted[0]);
        assertTrue(ClassReferences.of(generated.bytes()).methods().stream()
            .anyMatch(m -> m.owner().equals("java/lang/Math") && m.name().equals("abs")));
    }

    @Test
    void theLoopsTrainBitForBitAsTheKernelCallsOpByOp() {
        final IrGraph graph = graph();
        final CompiledNetwork fused = model(NetworkCompiler.compile(graph, ModelClasses.PACKAGE, true));
        final CompiledNetwork opByOp = model(NetworkCompiler.compile(graph, ModelClasses.PACKAGE, false));
        final int batch = graph.training().batch();
        final float[] images = new float[batch * fused.sampleSize()];
        final int[] labels = new int[batch];
        final Random random = new Random(11);
        for (int step = 0; step < 20; step++) {
            for (int i = 0; i < images.length; i++) {
                // negative zeros, zeros and exact ones reach abs, sign and sqrt too
                images[i] = switch (random.nextInt(6)) {
                    case 0 -> -0f;
                    case 1 -> 0f;
                    case 2 -> 1f;
                    default -> (float) random.nextGaussian() * 3f;
                };
            }
            for (int i = 0; i < batch; i++) {
                labels[i] = random.nextInt(fused.classes());
            }
            final int count = batch - step % 3;
            final StepStats fusedStats = new StepStats(fused.layerNames().size());
            final StepStats opByOpStats = new StepStats(opByOp.layerNames().size());
            fused.trainStep(images, labels, count, fusedStats);
            opByOp.trainStep(images, labels, count, opByOpStats);
            for (int layer = 0; layer < fusedStats.layers(); layer++) {
                // the forward chain's sum is what the hidden layer's loss averages
                assertEquals(opByOpStats.reported(layer), fusedStats.reported(layer));
                assertEquals(Double.doubleToRawLongBits(opByOpStats.loss(layer)),
                    Double.doubleToRawLongBits(fusedStats.loss(layer)), "loss of layer " + layer + ", step " + step);
            }
        }
        final List<NamedTensor> a = fused.parameters();
        final List<NamedTensor> b = opByOp.parameters();
        assertEquals(b.size(), a.size());
        for (int t = 0; t < a.size(); t++) {
            final float[] x = a.get(t).values();
            final float[] y = b.get(t).values();
            assertEquals(y.length, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(y[i]), Float.floatToRawIntBits(x[i]),
                    a.get(t).name() + "[" + i + "]");
            }
        }
    }

    private static CompiledNetwork model(final GeneratedClass generated) {
        final CompiledNetwork model = ModelClassDefiner.load(generated, ModelClassDefiner.Definition.HIDDEN);
        model.initialize(1);
        return model;
    }
}
