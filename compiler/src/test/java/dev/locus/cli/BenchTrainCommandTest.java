package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.jvm.NetworkCompiler;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.Compilation;
import dev.locus.runtime.kernel.KernelPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus bench train` in-process, on tiny networks and the bundled Fashion-MNIST sample. No speed is asserted. */
class BenchTrainCommandTest {
    @TempDir
    Path dir;

    private static final String DENSE = """
            network TinyDense {
                input  image : [1, 28, 28]
                classes 10
                layer  fc1 = flatten -> dense(16) -> relu
                output out = dense(classes)
            }
            train TinyDense {
                data      fashion_mnist
                rule      local_error
                optimizer adam(lr: 0.01)
                batch     8
                epochs    1
                seed      1
            }
            """;

    /** fc1 784 -> 16 (forward, weight gradient), its classifier 16 -> 10 (forward, gradient to fc1), out 16 -> 10. */
    private static long denseFlops(final long b) {
        return 2 * (2 * b * 784 * 16) + 2 * (2 * b * 16 * 10) + 2 * (2 * b * 16 * 10);
    }

    private static final String CONV = """
            network TinyConv {
                input  image : [1, 28, 28]
                classes 10
                layer  c1  = conv2d(4, kernel: 3, pad: 1) -> relu -> maxpool(2)
                layer  c2  = conv2d(8, kernel: 3, pad: 1) -> relu -> maxpool(2)
                output out = flatten -> dense(classes)
            }
            train TinyConv {
                data      fashion_mnist
                rule      backprop
                optimizer sgd(lr: 0.01)
                batch     4
                epochs    1
                seed      1
            }
            """;

    private Path write(final String name, final String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path sample() throws IOException {
        return SampleFolder.in(dir);
    }

    /** A short measurement on the sample: one warm-up step, no warm-up time, the given timed steps. */
    private CliRun bench(final Path file, final String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("bench", "train", file.toString(), "--data", sample().toString(),
                "--warmup", "1", "--warmup-seconds", "0"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Map<String, Object> json(final CliRun run) {
        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        return Json.object(run.out().strip());
    }

    @Test
    void jsonHasTheFieldsOfTheIssueThenTheDetailsWithTheirTypes() throws IOException {
        int threadsBefore = KernelPool.shared().threads();
        CliRun run = bench(write("dense.locus", DENSE), "--steps", "3", "--threads", "1", "--json");
        Map<String, Object> r = json(run);
        assertEquals(List.of("bench", "network", "rule", "backend", "batch", "threads", "images_per_second", "gflops",
                "steps", "seconds", "warmup_steps", "warmup_seconds", "flops_per_step", "data", "step_buffer_bytes"),
                new ArrayList<>(r.keySet()));
        assertEquals("train", r.get("bench"));
        assertEquals("TinyDense", r.get("network"));
        assertEquals("local_error", r.get("rule"));
        assertEquals("jvm", r.get("backend"));
        assertEquals(8.0, r.get("batch"));
        assertEquals(1.0, r.get("threads"));
        assertEquals(3.0, r.get("steps"));
        assertEquals(1.0, r.get("warmup_steps"));
        assertEquals((double) denseFlops(8), r.get("flops_per_step"));
        assertEquals("fashion_mnist", r.get("data"));
        Diagnostics diagnostics = new Diagnostics();
        IrGraph graph = Compilation.compile(Path.of("dense.locus"), DENSE, diagnostics).orElseThrow().units().get(0)
                .graph();
        assertEquals((double) NetworkCompiler.stepBufferBytes(graph), r.get("step_buffer_bytes"));
        double seconds = (Double) r.get("seconds");
        double imagesPerSecond = (Double) r.get("images_per_second");
        double gflops = (Double) r.get("gflops");
        assertTrue(seconds > 0 && imagesPerSecond > 0 && gflops > 0, run.out());
        // Printed rounded: images/s to 0.01, GFLOP/s to 0.0001, seconds to a microsecond.
        double rounding = 1e-6 / seconds;
        assertEquals(3 * 8 / seconds, imagesPerSecond, imagesPerSecond * rounding + 0.01, run.out());
        assertEquals(denseFlops(8) * 3 / seconds / 1e9, gflops, gflops * rounding + 1e-4, run.out());
        assertTrue((Double) r.get("warmup_seconds") >= 0, run.out());
        assertEquals("locus bench: data fashion_mnist from " + sample() + "\n", run.err());
        assertEquals(threadsBefore, KernelPool.shared().threads(), "the kernels' pool is given back as it was");
    }

    @Test
    void theInterpreterPlansNoBuffers() throws IOException {
        Map<String, Object> r = json(bench(write("dense.locus", DENSE), "--steps", "1", "--backend", "interp",
                "--json"));
        assertTrue(r.containsKey("step_buffer_bytes"), r.toString());
        assertNull(r.get("step_buffer_bytes"));
    }

    @Test
    void batchReplacesTheTrainBlocksAndScalesTheFlops() throws IOException {
        Map<String, Object> r = json(bench(write("dense.locus", DENSE), "--steps", "1", "--batch", "4", "--json"));
        assertEquals(4.0, r.get("batch"));
        assertEquals((double) denseFlops(4), r.get("flops_per_step"));
        assertEquals((double) Runtime.getRuntime().availableProcessors(), r.get("threads"), "the default pool");
    }

    @Test
    void convolutionsAndTheirTwoGradientsAreCountedBySize() throws IOException {
        Map<String, Object> r = json(bench(write("conv.locus", CONV), "--steps", "1", "--json"));
        long b = 4;
        long c1 = 2 * b * (4 * 28 * 28) * (1 * 3 * 3);   // 1 -> 4 channels, 3x3, padded: 28x28 out
        long c2 = 2 * b * (8 * 14 * 14) * (4 * 3 * 3);   // 4 -> 8 channels on the pooled 14x14
        long out = 2 * b * (8 * 7 * 7) * 10;             // 392 -> 10
        // Forward: each once. Backprop: every weight gradient; the error to the input of out and of c2, not of c1
        // (the images need none).
        long expected = (c1 + c2 + out) + (out + out) + (c2 + c2) + c1;
        assertEquals("backprop", r.get("rule"));
        assertEquals((double) expected, r.get("flops_per_step"));
        assertEquals(225_792 + 451_584 + 31_360 + (2 * 31_360 + 2 * 451_584 + 225_792), expected);
    }

    @Test
    void textModeSaysItInOneLine() throws IOException {
        CliRun run = bench(write("dense.locus", DENSE), "--steps", "2", "--threads", "1");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().matches("TinyDense under local_error, backend jvm, batch 8, 1 thread: [0-9.]+ images/s, "
                + "[0-9.]+ GFLOP/s \\(2 steps in [0-9.]+ s after 1 warm-up steps in [0-9.]+ s; 0\\.0004 GFLOP a step; "
                + "data fashion_mnist\\)\n"), run.out());
    }

    @Test
    void networkChoosesAmongTheTrainBlocks() throws IOException {
        Path file = write("two.locus", DENSE + CONV);
        assertEquals("TinyDense", json(bench(file, "--steps", "1", "--json")).get("network"), "the first by default");
        assertEquals("TinyConv", json(bench(file, "--steps", "1", "--json", "--network", "TinyConv")).get("network"));
        CliRun unknown = bench(file, "--network", "Other");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("locus bench: --network Other: " + file + " has no train block of network "
                + "`Other`; its train blocks train TinyDense, TinyConv\n"), unknown.err());
    }

    @Test
    void badFlagsExitTwoWithTheirMessage() throws IOException {
        Path file = write("dense.locus", DENSE);
        Map<List<String>, String> cases = Map.ofEntries(
                Map.entry(List.of("bench", "train"), "no file to measure: `bench train FILE`"),
                Map.entry(List.of("bench", "train", "a.locus", "b.locus"), "bench train takes one file"),
                Map.entry(List.of("bench", "train", file.toString(), "--backend", "gpu"),
                        "unknown backend `gpu`; available: interp, jvm"),
                Map.entry(List.of("bench", "train", file.toString(), "--steps", "0"),
                        "--steps takes a whole number from 1 to 2147483647, got `0`"),
                Map.entry(List.of("bench", "train", file.toString(), "--batch", "many"),
                        "--batch takes a whole number from 1 to 2147483647, got `many`"),
                Map.entry(List.of("bench", "train", file.toString(), "--threads", "0"),
                        "--threads takes a whole number from 1 to 2147483647, got `0`"),
                Map.entry(List.of("bench", "train", file.toString(), "--limit", "-3"),
                        "--limit takes a whole number from 1 to 2147483647, got `-3`"),
                Map.entry(List.of("bench", "train", file.toString(), "--warmup", "-1"),
                        "--warmup takes a whole number of steps from 0 to 2147483647, got `-1`"),
                Map.entry(List.of("bench", "train", file.toString(), "--warmup-seconds", "NaN"),
                        "--warmup-seconds takes a number of seconds from 0 to 3600, got `NaN`"),
                Map.entry(List.of("bench", "train", file.toString(), "--only", "sgemm"),
                        "--only is for `bench kernels`"),
                Map.entry(List.of("bench", "kernels", "--batch", "8"), "--batch is for `bench train`"),
                Map.entry(List.of("bench", "kernels", file.toString()), "bench kernels takes no file"),
                Map.entry(List.of("bench", "speed"), "cannot measure `speed`; `kernels` and `train FILE` are what exist"));
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            CliRun run = CliRun.of(c.getKey().toArray(String[]::new));
            assertEquals(2, run.status(), c.getKey() + ": " + run.err());
            assertEquals("", run.out(), c.getKey().toString());
            assertTrue(run.err().startsWith("locus bench: " + c.getValue() + "\nusage: locus bench kernels "),
                    c.getKey() + ": " + run.err());
        }
    }

    @Test
    void badFilesAndDataExitOneWithTheirMessage() throws IOException {
        CliRun missing = bench(dir.resolve("none.locus"));
        assertEquals(1, missing.status());
        assertEquals(dir.resolve("none.locus") + ":1:1: error: file " + dir.resolve("none.locus") + " does not exist\n",
                missing.err());

        Path noTrain = write("net.locus", DENSE.substring(0, DENSE.indexOf("train")));
        CliRun untrained = bench(noTrain);
        assertEquals(1, untrained.status());
        assertEquals("locus bench: " + noTrain + ": no train block: nothing to measure\n", untrained.err());

        CliRun small = bench(write("dense.locus", DENSE), "--limit", "5");
        assertEquals(1, small.status());
        assertEquals("locus bench: data fashion_mnist from " + sample() + "\n"
                + "locus bench: data fashion_mnist has 5 training images (--limit 5), fewer than one batch of 8: bench "
                + "train measures whole batches\n", small.err());

        Path wrongClasses = write("classes.locus", DENSE.replace("classes 10", "classes 3"));
        CliRun classes = bench(wrongClasses);
        assertEquals(1, classes.status());
        assertEquals("locus bench: data fashion_mnist from " + sample() + "\n"
                + "locus bench: " + wrongClasses + ":8:5: data fashion_mnist has 10 classes (labels 0..9) but network "
                + "TinyDense has classes 3\n", classes.err());

        CliRun broken = bench(write("broken.locus", DENSE.replace("dense(16)", "dense(16")));
        assertEquals(1, broken.status());
        assertTrue(broken.err().contains("broken.locus:4:"), broken.err());
        assertTrue(!broken.err().contains("Exception") && !broken.err().contains("\tat "), broken.err());
    }
}
