package dev.locus.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Size is no reason to fail: networks of thousands of layers check in a second or so, on a thread
 * with the JVM's default stack (1 MB), so that nothing in the front end recurses once per layer.
 */
class LargeNetworkTest {
    private static final long STACK = 1 << 20;

    @Test
    void fiveThousandLayers() throws Exception {
        int n = 5_000;
        StringBuilder text = new StringBuilder("network Deep {\n    input x : [1, 8, 8]\n    classes 10\n");
        text.append("    layer l0 = flatten -> dense(16) -> relu\n");
        for (int i = 1; i < n; i++) {
            text.append("    layer l").append(i).append(" = dense(16) -> relu\n");
        }
        text.append("    output out = dense(classes)\n}\n\n");
        text.append("train Deep {\n    data idx(images: \"i\", labels: \"l\", test_images: \"ti\", test_labels: \"tl\")\n"
                + "    rule local_error\n    optimizer adam(lr: 0.001)\n}\n");
        CheckedProgram p = checkOnSmallStack(text.toString());
        assertEquals(n + 1, p.networks().get(0).layers().size());
        assertEquals(1, p.plans().size());
    }

    @Test
    void aLongPipelineAndDeepBlocks() throws Exception {
        // One layer of 5,000 ops, and blocks that each use the one before, 200 deep.
        StringBuilder text = new StringBuilder("block b0 = relu\n");
        for (int i = 1; i < 200; i++) {
            text.append("block b").append(i).append(" = b").append(i - 1).append(" -> identity\n");
        }
        text.append("network Long {\n    input x : [1, 8, 8]\n    classes 10\n    layer l = flatten -> dense(16)");
        for (int i = 0; i < 5_000; i++) {
            text.append(" -> relu");
        }
        text.append("\n    layer m = b199\n    output out = dense(classes)\n}\n");
        CheckedProgram p = checkOnSmallStack(text.toString());
        assertEquals(5_002, p.networks().get(0).layers().get(0).ops().size());
        assertEquals(200, p.networks().get(0).layers().get(1).ops().size());
    }

    private static CheckedProgram checkOnSmallStack(final String text) throws InterruptedException {
        AtomicReference<Optional<CheckedProgram>> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Diagnostics d = new Diagnostics();
        Thread t = new Thread(null, () -> {
            try {
                result.set(FrontEnd.check(Path.of("large.locus"), text, d));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "check", STACK);
        long start = System.nanoTime();
        t.start();
        t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new AssertionError("the check failed on a " + STACK + "-byte stack", failure.get());
        }
        assertEquals(java.util.List.of(), d.all().stream().map(TextRenderer::render).toList());
        assertTrue(seconds < 10, "took " + seconds + " s");
        return result.get().orElseThrow();
    }
}
