package dev.locus.hw.sim;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.hw.HwOptions;
import dev.locus.hw.graph.GraphLowering;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.Precision;
import dev.locus.runtime.data.Samples;
import java.util.Arrays;

/**
 * Trains the same graph in float32 and at a fixed-point element type on the same batches, and
 * measures both on the same test samples: what the fixed-point hardware loses against float.
 */
public final class PrecisionComparison {
    /** Test accuracies after {@code steps} training steps. */
    public record Result(Precision precision, long steps, int testSamples, double floatAccuracy,
                         double fixedAccuracy) {
    }

    private PrecisionComparison() {
    }

    public static Result run(final IrGraph ir, final String rule, final HwOptions options, final Samples train,
                             final Samples test, final int steps, final int testSamples) {
        Simulator reference = simulator(ir, rule, options, Precision.FLOAT32);
        Simulator fixed = simulator(ir, rule, options, options.precision());
        int batch = ir.training().batch();
        int size = train.sampleSize();
        int available = train.labels().length / batch;
        for (int s = 0; s < steps; s++) {
            int b = s % Math.max(1, available);
            float[] images = Arrays.copyOfRange(train.images(), b * batch * size, (b + 1) * batch * size);
            int[] labels = Arrays.copyOfRange(train.labels(), b * batch, (b + 1) * batch);
            reference.trainStep(images, labels, batch);
            fixed.trainStep(images, labels, batch);
        }
        int n = Math.min(testSamples, test.labels().length);
        return new Result(options.precision(), steps, n, accuracy(reference, test, n), accuracy(fixed, test, n));
    }

    private static Simulator simulator(final IrGraph ir, final String rule, final HwOptions options,
                                       final Precision precision) {
        HwGraph g = GraphLowering.lower(ir, rule, precision);
        options.fold(g);
        return new Simulator(g);
    }

    private static double accuracy(final Simulator sim, final Samples test, final int n) {
        int correct = 0;
        int size = test.sampleSize();
        for (int start = 0; start < n; start += 256) {
            int count = Math.min(256, n - start);
            int[] predicted = sim.predict(Arrays.copyOfRange(test.images(), start * size, (start + count) * size),
                    count);
            for (int i = 0; i < count; i++) {
                if (predicted[i] == test.labels()[start + i]) {
                    correct++;
                }
            }
        }
        return n == 0 ? 0 : (double) correct / n;
    }
}
