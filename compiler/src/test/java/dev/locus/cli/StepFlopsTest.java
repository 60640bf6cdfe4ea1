package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.lower.Lowering;
import org.junit.jupiter.api.Test;

/** The products of one training step of the repository's two example networks, counted by hand. */
class StepFlopsTest {
    private static long flops(final String example, final int batch) {
        Diagnostics d = new Diagnostics();
        TrainingPlan plan = FrontEnd.check(RepositoryFiles.root().resolve("examples").resolve(example), d)
                .orElseThrow(() -> new AssertionError(d.sorted().toString())).plans().get(0);
        return StepFlops.of(Lowering.lower(plan), batch);
    }

    @Test
    void fashionMlpUnderLocalError() {
        long b = 128;
        // Each hidden layer k -> 1024: its forward product and its weight gradient, 2 b k n each; its random
        // classifier 1024 -> 10 and that classifier's gradient back to the layer's output, 2 b 1024 10 each.
        // Under local_error no error goes below a layer, so no product's gradient to its input is computed.
        long hidden = 2 * (2 * b * 784 * 1024) + 2 * (2 * b * 1024 * 10)
                + 2 * (2 * (2 * b * 1024 * 1024) + 2 * (2 * b * 1024 * 10));
        long out = 2 * (2 * b * 1024 * 10);
        assertEquals(hidden + out, flops("fashion_mlp.locus", 128));
        assertEquals(1_505_755_136L, flops("fashion_mlp.locus", 128));
        assertEquals(1_505_755_136L / 2, flops("fashion_mlp.locus", 64), "linear in the batch");
    }

    @Test
    void fashionConvUnderLocalError() {
        long b = 64;
        // A 5x5 convolution: 2 b x (output elements per sample) x (input channels x 25), forward and weight gradient.
        long c1 = 2 * (2 * b * (32 * 28 * 28) * (1 * 25)) + 2 * (2 * b * (32 * 14 * 14) * 10);
        long c2 = 2 * (2 * b * (64 * 14 * 14) * (32 * 25)) + 2 * (2 * b * (64 * 7 * 7) * 10);
        long fc1 = 2 * (2 * b * 3136 * 1000) + 2 * (2 * b * 1000 * 10);
        long out = 2 * (2 * b * 1000 * 10);
        assertEquals(c1 + c2 + fc1 + out, flops("fashion_conv.locus", 64));
        assertEquals(3_561_594_880L, flops("fashion_conv.locus", 64));
    }
}
