package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's learned classifiers through the command line: `check --require-local` accepts the
 * rule and `--explain-locality` lists them as the layer's own; `train` reports the layers and
 * nothing else; checkpoints hold them as parameters with their optimizer state, and a resumed
 * run ends bit for bit where an uninterrupted one does, on every backend. The network is a small
 * conv net whose hidden layers pool their output before the classifier.
 */
class LearnedTensorCommandsTest {
    @TempDir
    Path dir;

    private static final String PROGRAM = """
            rule pooled_learned(size = 2) {
                hidden {
                    let pooled = flatten(avgpool(layer.out, size))
                    learned C = uniform(features(pooled), classes, 1.0 / sqrt(features(pooled)))
                    minimize cross_entropy(pooled @ C, label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }

            network SmallConv {
                input  image : [1, 28, 28]
                classes 10
                layer  c1  = conv2d(4, kernel: 5, pad: 2) -> relu -> maxpool(2)
                layer  c2  = conv2d(6, kernel: 3, pad: 1) -> relu -> maxpool(2)
                output out = flatten -> dense(classes)
            }

            train SmallConv {
                data      fashion_mnist
                rule      pooled_learned(size: 7)
                optimizer adam(lr: 0.01)
                batch     16
                epochs    3
                seed      4
            }
            """;

    private Path program() throws IOException {
        return Files.writeString(dir.resolve("learned.locus"), PROGRAM);
    }

    private Path sample() throws IOException {
        return SampleFolder.in(dir);
    }

    private CliRun train(final Path file, final String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", file.toString(), "--data", sample().toString(),
                "--limit", "64", "--threads", "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A JSON line without its timings, which differ from run to run. */
    private static String untimed(final String line) {
        return line.replaceAll("\"images_per_second\":[0-9.eE+-]+,\"train_seconds\":[0-9.eE+-]+", "");
    }

    @Test
    void requireLocalAcceptsLearnedClassifiersAndTheExplanationListsThemAsTheLayersOwn() throws IOException {
        Path file = program();
        CliRun run = CliRun.of("check", file.toString(), "--require-local", "--explain-locality");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("network SmallConv under rule pooled_learned: local"), run.out());
        assertTrue(run.out().contains("  c1: reads its input (the images), its forward values, its parameters "
                + "(c1.weight, c1.bias), its learned tensors (c1.learned.C), the labels"), run.out());
        assertTrue(run.out().contains("  c2: reads its input (the output of c1), its forward values, its parameters "
                + "(c2.weight, c2.bias), its learned tensors (c2.learned.C), the labels"), run.out());
        CliRun json = CliRun.of("check", file.toString(), "--explain-locality", "--json");
        assertTrue(json.out().contains("{\"kind\":\"learned\",\"layer\":\"c1\",\"names\":[\"c1.learned.C\"]}"),
                json.out());
        assertTrue(json.out().contains("\"edges\":[]"), json.out());
    }

    @Test
    void trainReportsTheNetworksLayersOnlyAndSavesTheClassifiersAsParameters() throws IOException {
        Path file = program();
        Path ckpt = dir.resolve("one.safetensors");
        CliRun run = train(file, "--backend", "interp", "--epochs", "1", "--checkpoint", ckpt.toString());
        assertEquals(0, run.status(), run.err());
        String epoch = run.out().lines().filter(l -> l.startsWith("epoch 1/1")).findFirst().orElseThrow();
        assertTrue(epoch.matches("epoch 1/1 +test +[0-9.]+% .* c1 loss [0-9.]+ acc [0-9.]+% +c2 loss [0-9.]+ acc "
                + "[0-9.]+% +out loss [0-9.]+ acc [0-9.]+%"), epoch);
        assertFalse(run.out().contains("learned.") || run.err().contains("learned."), run.out() + run.err());
        assertFalse(run.err().contains("warning"), run.err());
        // Saved as parameters of the layer, with Adam's state; moved away from the draw they started as.
        List<String> names = CheckpointFile.read(ckpt).tensors().stream().map(t -> t.name() + " " + t.shapeText())
                .toList();
        assertTrue(names.contains("c1.learned.C [16, 10]") && names.contains("c1.learned.C.adam_m [16, 10]")
                && names.contains("c1.learned.C.adam_step [2]") && names.contains("c2.learned.C [6, 10]"),
                names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("out.learned")), names.toString());
    }

    /**
     * On one thread: the JVM backend's convolution kernels do not sum a conv layer's gradients in
     * the same order from run to run on several threads (two uninterrupted runs of this network
     * under local_error differ by 1e-8), which has nothing to do with checkpoints.
     */
    @Test
    void aRunResumedAfterEpochOneEndsBitIdenticalToAnUninterruptedOneOnEveryBackend() throws IOException {
        Path file = program();
        for (Backend backend : Backends.available()) {
            Path whole = dir.resolve(backend.name() + "-whole.safetensors");
            Path parts = dir.resolve(backend.name() + "-parts.safetensors");
            CliRun uninterrupted = train(file, "--backend", backend.name(), "--json", "--checkpoint", whole.toString());
            assertEquals(0, uninterrupted.status(), uninterrupted.err());
            CliRun first = train(file, "--backend", backend.name(), "--json", "--epochs", "1", "--checkpoint",
                    parts.toString());
            assertEquals(0, first.status(), first.err());
            byte[] afterOne = Files.readAllBytes(parts);
            CliRun rest = train(file, "--backend", backend.name(), "--json", "--resume", parts.toString(),
                    "--checkpoint", parts.toString());
            assertEquals(0, rest.status(), rest.err());
            List<String> expected = uninterrupted.out().lines().map(LearnedTensorCommandsTest::untimed).toList();
            assertEquals(expected.subList(1, 3), rest.out().lines().map(LearnedTensorCommandsTest::untimed).toList(),
                    "epochs 2 and 3 report the same losses and accuracies");
            // The learned classifiers and their Adam state are restored, not drawn again: every byte agrees.
            assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(parts), backend.name());
            byte[] c1AfterOne = tensor(afterOne, "c1.learned.C");
            byte[] c1AfterThree = tensor(Files.readAllBytes(whole), "c1.learned.C");
            assertFalse(java.util.Arrays.equals(c1AfterOne, c1AfterThree), "epochs 2 and 3 train c1.learned.C");
        }
    }

    /** The bytes of a tensor of a checkpoint, as written. */
    private byte[] tensor(final byte[] checkpoint, final String name) throws IOException {
        Path f = Files.write(dir.resolve("read.safetensors"), checkpoint);
        CheckpointTensor t = CheckpointFile.read(f).tensor(name);
        ByteBuffer out = ByteBuffer.allocate(t.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        t.writeTo(out);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }
}
