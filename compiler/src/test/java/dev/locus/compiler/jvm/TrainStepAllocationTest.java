package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.runtime.data.Samples;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.TinyDenseNetwork;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.SyntheticData;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every buffer of a generated network is allocated in its constructor: a training step allocates nothing. */
class TrainStepAllocationTest {
    /**
     * Until C2 has compiled the kernels, their Vector API vectors are objects on the heap: measured
     * over 500 steps on this machine (2 shared cores), 254,945,480 bytes with no warm-up, 129,734,672
     * after 500 steps, 0 after 1,000. Compilation runs in the background and lags on a busy machine,
     * so the test warms up in rounds until a measurement reads 0, and fails if none does.
     */
    private static final int WARM_UP_ROUND = 1_000;
    private static final int MAX_ROUNDS = 30;
    private static final int MEASURED = 500;

    @Test
    void aTrainStepOfTheGeneratedNetworkAllocatesZeroBytesAfterWarmUp() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final CompiledNetwork model = ModelClassDefiner.load(new TinyDenseEmitter().emit("Tiny"),
            ModelClassDefiner.Definition.HIDDEN);
        model.initialize(3);
        final Samples train = SyntheticData.make(TinyDenseNetwork.CAPACITY, 1).train();
        final float[] images = Arrays.copyOf(train.images(), train.images().length);
        final int[] labels = train.labels().clone();
        final StepStats stats = new StepStats(2);
        long allocated = -1;
        int rounds = 0;
        while (allocated != 0 && rounds < MAX_ROUNDS) {
            steps(model, images, labels, stats, WARM_UP_ROUND);
            rounds++;
            // Twice, so that the measuring call itself has run before it is measured.
            threads.getCurrentThreadAllocatedBytes();
            final long before = threads.getCurrentThreadAllocatedBytes();
            steps(model, images, labels, stats, MEASURED);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated by " + MEASURED + " training steps after " + rounds * WARM_UP_ROUND
            + " steps of warm-up");
    }

    /** FashionMLP's shape, smaller: three hidden layers under local_error with Adam, and a dropout. */
    private static final String MLP = String.join("\n",
        "network SmallMLP {",
        "    input  image : [1, 8, 8]",
        "    classes 10",
        "    layer  fc1 = flatten -> dense(48) -> relu",
        "    layer  fc2 = dense(48) -> relu -> dropout(0.2)",
        "    layer  fc3 = dense(48) -> relu",
        "    output out = dense(classes)",
        "}",
        "train SmallMLP {",
        "    data      idx(images: \"synthetic\", labels: \"synthetic\", test_images: \"synthetic\", test_labels: \"synthetic\")",
        "    rule      local_error(loss: cross_entropy)",
        "    optimizer adam(lr: 0.0005)",
        "    batch     16",
        "    epochs    1",
        "    seed      1",
        "}");

    @Test
    void aTrainStepOfAGeneratedFashionMlpLikeNetworkAllocatesZeroBytesAfterWarmUp() {
        final Diagnostics diagnostics = new Diagnostics();
        final IrGraph graph = Compilation.compile(Path.of("small_mlp.locus"), MLP, diagnostics)
            .orElseThrow(() -> new AssertionError(diagnostics.all().toString())).units().get(0).graph();
        final CompiledNetwork model = new JvmBackend().model(graph);
        final int batch = graph.training().batch();
        final float[] images = new float[batch * model.sampleSize()];
        final int[] labels = new int[batch];
        final java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(model.classes());
        }
        assertEquals(0, allocatedAfterWarmUp(model, images, labels, batch, new StepStats(4)));
    }

    /** FashionConv's shape, smaller, with every op a conv network adds: max and average pooling, batchnorm, dropout. */
    private static final String CONV = String.join("\n",
        "network SmallConv {",
        "    input  image : [1, 12, 12]",
        "    classes 10",
        "    layer  c1  = conv2d(4, kernel: 3, pad: 1) -> batchnorm -> relu -> maxpool(2)",
        "    layer  c2  = conv2d(6, kernel: 3, pad: 1) -> relu -> avgpool(2)",
        "    layer  fc1 = flatten -> dense(32) -> relu -> dropout(0.25)",
        "    output out = dense(classes)",
        "}",
        "train SmallConv {",
        "    data      idx(images: \"synthetic\", labels: \"synthetic\", test_images: \"synthetic\", test_labels: \"synthetic\")",
        "    rule      local_error(loss: cross_entropy)",
        "    optimizer adam(lr: 0.001)",
        "    batch     8",
        "    epochs    1",
        "    seed      1",
        "}");

    @Test
    void aTrainStepOfAGeneratedConvNetworkWithPoolingBatchnormAndDropoutAllocatesZeroBytesAfterWarmUp() {
        final Diagnostics diagnostics = new Diagnostics();
        final IrGraph graph = Compilation.compile(Path.of("small_conv.locus"), CONV, diagnostics)
            .orElseThrow(() -> new AssertionError(diagnostics.all().toString())).units().get(0).graph();
        final CompiledNetwork model = new JvmBackend().model(graph);
        final int batch = graph.training().batch();
        final float[] images = new float[batch * model.sampleSize()];
        final int[] labels = new int[batch];
        final java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(model.classes());
        }
        assertEquals(0, allocatedAfterWarmUp(model, images, labels, batch, new StepStats(4)));
    }

    private static long allocatedAfterWarmUp(final CompiledNetwork model, final float[] images, final int[] labels,
                                             final int capacity, final StepStats stats) {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = -1;
        int rounds = 0;
        while (allocated != 0 && rounds < MAX_ROUNDS) {
            for (int i = 0; i < WARM_UP_ROUND; i++) {
                model.trainStep(images, labels, capacity - i % 3, stats);
            }
            rounds++;
            threads.getCurrentThreadAllocatedBytes();
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                model.trainStep(images, labels, capacity - i % 3, stats);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        return allocated;
    }

    /** Full and partial batches alike: the last batch of an epoch is smaller. */
    private static void steps(final CompiledNetwork model, final float[] images, final int[] labels,
                              final StepStats stats, final int steps) {
        for (int i = 0; i < steps; i++) {
            model.trainStep(images, labels, TinyDenseNetwork.CAPACITY - i % 3, stats);
        }
    }
}
