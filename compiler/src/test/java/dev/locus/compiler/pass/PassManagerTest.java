package dev.locus.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.IrVerifier;
import dev.locus.compiler.ir.OpKind;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The pass manager holds every pass to the verifier and to the locality check. */
class PassManagerTest {
    private static final String PROGRAM = """
            network Mlp {
                input image : [1, 4, 4]
                classes 3
                layer fc1 = flatten -> dense(5) -> relu
                output out = dense(classes)
            }
            train Mlp { data idx(images: "a", labels: "b", test_images: "c", test_labels: "d") rule RULE
                        optimizer sgd(0.1) }
            """;

    private static TrainingPlan plan(final String rule) {
        Diagnostics d = new Diagnostics();
        return FrontEnd.check(Path.of("passes.locus"), PROGRAM.replace("RULE", rule), d)
                .orElseThrow(() -> new AssertionError(d.all().toString())).plans().get(0);
    }

    /** A pass made of a lambda. */
    private record Named(String name, Predicate<IrGraph> body) implements Pass {
        @Override
        public boolean run(final IrGraph graph) {
            return body.test(graph);
        }
    }

    @Test
    void aPassThatLeavesInvalidIrFailsNamingIt() {
        Pass early = new Named("read-too-early", g -> {
            IrBlock update = g.block("fc1", IrBlock.Kind.UPDATE);
            IrValue last = update.ops().stream().filter(o -> o.output() != null).reduce((a, b) -> b).orElseThrow()
                    .output();
            update.insert(0, OpKind.NEG, "fc1.early", last.type(), List.of(last), dev.locus.compiler.ir.Attrs.NONE,
                    update.ops().get(0).origin());
            return true;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compilation.lower(plan("local_error"), new PassManager(List.of(early))));
        assertTrue(e.getMessage().startsWith("pass read-too-early left invalid IR for network Mlp:"), e.getMessage());
        assertTrue(e.getMessage().contains("before it is defined"), e.getMessage());
    }

    @Test
    void aPassThatAddsACrossLayerEdgeFailsEvenIfTheIrIsValid() {
        Pass transport = new Named("weight-transport", g -> {
            IrValue above = g.parameters().stream().filter(p -> p.layer().equals("out")).findFirst().orElseThrow();
            IrBlock update = g.block("fc1", IrBlock.Kind.UPDATE);
            update.op(OpKind.NEG, "fc1.peek", above.type(), List.of(above), update.ops().get(0).origin());
            assertEquals(List.of(), IrVerifier.problems(g), "valid IR, only not local");
            return true;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compilation.lower(plan("local_error"), new PassManager(List.of(transport))));
        assertEquals("pass weight-transport changed the cross-layer edges of network Mlp from [] to "
                + "[fc1 <- out WEIGHT [out.weight]]", e.getMessage());
    }

    @Test
    void aPassThatRemovesAnEdgeFailsToo() {
        Pass cut = new Named("cut", g -> {
            IrBlock update = g.block("fc1", IrBlock.Kind.UPDATE);
            IrOp reader = update.ops().stream().filter(o -> o.inputs().stream()
                    .anyMatch(v -> v.definition() != null && v.definition().block().layer().equals("out")))
                    .findFirst().orElseThrow();
            IrValue error = reader.inputs().stream().filter(v -> v.definition() != null
                    && v.definition().block().layer().equals("out")).findFirst().orElseThrow();
            IrValue zero = update.insert(update.indexOf(reader), OpKind.SUB, "fc1.zero", error.type(),
                    List.of(g.block("fc1", IrBlock.Kind.FORWARD).ops().get(1).output(),
                            g.block("fc1", IrBlock.Kind.FORWARD).ops().get(1).output()),
                    dev.locus.compiler.ir.Attrs.NONE, reader.origin());
            g.replaceAllUses(error, zero);
            return true;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compilation.lower(plan("backprop"), new PassManager(List.of(cut))));
        assertTrue(e.getMessage().startsWith("pass cut changed the cross-layer edges of network Mlp from "
                + "[fc1 <- out ERROR, fc1 <- out WEIGHT [out.weight]] to"), e.getMessage());
    }

    @Test
    void rewritesKeepTypesAndNeverDropAValueThatIsRead() {
        IrGraph g = Compilation.lower(plan("local_error"), PassManager.none());
        IrBlock forward = g.block("fc1", IrBlock.Kind.FORWARD);
        IrOp matmul = forward.ops().get(1);
        assertEquals(OpKind.MATMUL, matmul.kind(), g.dump());
        assertThrows(IllegalStateException.class, () -> forward.remove(matmul), "its value is read");
        assertThrows(IllegalArgumentException.class, () -> g.replaceAllUses(matmul.output(), g.images()),
                "another type");
        int before = g.opCount();
        IrValue copy = forward.insert(2, OpKind.MATMUL, "fc1.copy", matmul.output().type(), matmul.inputs(),
                matmul.attrs(), matmul.origin());
        g.replaceAllUses(matmul.output(), copy);
        forward.remove(matmul);
        assertEquals(before, g.opCount());
        assertEquals(List.of(), IrVerifier.problems(g));
        assertEquals(copy, forward.ops().get(1).output(), "the copy took the original's place");
    }
}
