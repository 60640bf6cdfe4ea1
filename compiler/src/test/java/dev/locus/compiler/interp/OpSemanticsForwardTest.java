package dev.locus.compiler.interp;

import static dev.locus.compiler.interp.GradientCheck.batched;
import static dev.locus.compiler.interp.GradientCheck.labels;
import static dev.locus.compiler.interp.GradientCheck.random;
import static dev.locus.compiler.interp.GradientCheck.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import dev.locus.runtime.random.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forward values that finite differences cannot check: batch norm's two modes, losses, random draws. */
class OpSemanticsForwardTest {
    private static final Attrs BN = new Attrs.BatchNorm(1e-5, 0.1);

    /** A batch normalization's running statistics, as the IR's state starts them: mean 0, variance 1. */
    private record RunningStats(Tensor meanState, Tensor varianceState) {
        RunningStats(final int channels) {
            this(Tensor.zeros(single(channels), 1), Tensor.of(single(channels), 1, ones(channels)));
        }

        private static double[] ones(final int n) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, 1.0);
            return v;
        }

        double[] mean() {
            return meanState.data();
        }

        double[] variance() {
            return varianceState.data();
        }
    }

    private static Tensor batchNorm(final Tensor x, final Tensor gamma, final Tensor beta, final Mode mode,
                                    final RunningStats stats) {
        return OpSemantics.evaluate(new OpCall(OpKind.BATCHNORM, x.type(), BN,
            List.of(x, gamma, beta, stats.meanState(), stats.varianceState())), new OpContext(mode, 0, "layer", x.samples()));
    }

    /** The values of channel c over the batch (and h, w), gathered one by one. */
    private static List<Double> channel(final Tensor x, final int c) {
        int channels = x.type().shape().dim(0);
        int inner = x.sampleSize() / channels;
        List<Double> values = new ArrayList<>();
        for (int s = 0; s < x.samples(); s++) {
            for (int i = 0; i < inner; i++) {
                values.add(x.get(s * x.sampleSize() + c * inner + i));
            }
        }
        return values;
    }

    @Test
    void batchNormNormalizesWithBatchStatisticsWhenTrainingAndRunningOnesWhenPredicting() {
        qt().withExamples(40).forAll(integers().between(2, 5), integers().between(1, 3), integers().between(0, 3),
            longs().all()).checkAssert((batch, c, side, seed) -> {
                Random r = new Random(seed);
                TensorType type = side == 0 ? batched(c) : batched(c, side, side + 2);
                Tensor x = random(r, type, batch);
                Tensor gamma = random(r, single(c), 1);
                Tensor beta = random(r, single(c), 1);
                RunningStats stats = new RunningStats(c);
                Tensor trained = batchNorm(x, gamma, beta, Mode.TRAINING, stats);
                int inner = x.sampleSize() / c;
                for (int ch = 0; ch < c; ch++) {
                    List<Double> v = channel(x, ch);
                    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    double ss = v.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
                    double biased = ss / v.size();
                    double unbiased = ss / (v.size() - 1);
                    List<Double> y = channel(trained, ch);
                    for (int i = 0; i < v.size(); i++) {
                        double expected = gamma.get(ch) * (v.get(i) - mean) / Math.sqrt(biased + 1e-5) + beta.get(ch);
                        assertEquals(expected, y.get(i), 1e-12, "training output of channel " + ch);
                    }
                    assertEquals(0.1 * mean, stats.mean()[ch], 1e-15, "running mean");
                    assertEquals(0.9 + 0.1 * unbiased, stats.variance()[ch], 1e-15, "running variance (unbiased)");
                }
                Tensor predicted = batchNorm(x, gamma, beta, Mode.PREDICTING, stats);
                for (int i = 0; i < x.data().length; i++) {
                    int ch = (i % x.sampleSize()) / inner;
                    double expected = gamma.get(ch) * (x.get(i) - stats.mean()[ch])
                        / Math.sqrt(stats.variance()[ch] + 1e-5) + beta.get(ch);
                    assertEquals(expected, predicted.get(i), 1e-12, "predicting output");
                }
                assertEquals(0.1 * channel(x, 0).stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    stats.mean()[0], 1e-15, "predicting leaves the running statistics alone");
            });
    }

    @Test
    void lossesAreTheMeansTheirDefinitionsSay() {
        qt().withExamples(40).forAll(integers().between(1, 5), integers().between(1, 6), longs().all())
            .checkAssert((batch, classes, seed) -> {
                Random r = new Random(seed);
                Tensor scores = random(r, batched(classes), batch);
                Tensor labels = labels(r, batch, classes);
                double ce = 0;
                double mse = 0;
                double hinge = 0;
                double huber = 0;
                for (int s = 0; s < batch; s++) {
                    double z = 0;
                    for (int k = 0; k < classes; k++) {
                        z += Math.exp(scores.get(s * classes + k));
                    }
                    int label = (int) labels.get(s);
                    ce -= Math.log(Math.exp(scores.get(s * classes + label)) / z);
                    for (int k = 0; k < classes; k++) {
                        double v = scores.get(s * classes + k);
                        double t = k == label ? 1 : 0;
                        mse += (v - t) * (v - t);
                        hinge += Math.pow(Math.max(0, 1 - (2 * t - 1) * v), 2);
                        huber += Math.abs(v - t) < 1 ? 0.5 * (v - t) * (v - t) : Math.abs(v - t) - 0.5;
                    }
                }
                double n = batch; // summed over the classes, averaged over the batch
                assertEquals(ce / batch, loss(OpKind.CROSS_ENTROPY, scores, labels), 1e-12);
                assertEquals(mse / n, loss(OpKind.MSE, scores, labels), 1e-12);
                assertEquals(hinge / n, loss(OpKind.SQUARE_HINGE, scores, labels), 1e-12);
                assertEquals(huber / n, loss(OpKind.SMOOTH_L1, scores, labels), 1e-12);
            });
    }

    private static double loss(final OpKind kind, final Tensor scores, final Tensor labels) {
        return GradientCheck.eval(kind, TensorType.scalar(), scores, labels).scalarValue();
    }

    @Test
    void crossEntropyStaysFiniteForScoresWhoseExponentialsOverflow() {
        Tensor scores = Tensor.of(batched(3), 1, new double[] {1000, 0, -1000});
        Tensor labels = Tensor.of(batched(), 1, new double[] {1});
        assertEquals(1000, loss(OpKind.CROSS_ENTROPY, scores, labels), 1e-9);
        Tensor softmax = GradientCheck.eval(OpKind.LOG_SOFTMAX, batched(3), scores);
        assertEquals(-2000, softmax.get(2), 1e-9);
    }

    @Test
    void dropoutMasksAreInvertedSeededPerStepAndOnesWhenPredicting() {
        TensorType type = batched(50);
        double p = 0.3;
        Tensor a = mask(type, Mode.TRAINING, 7, 3, p);
        Tensor again = mask(type, Mode.TRAINING, 7, 3, p);
        Tensor nextStep = mask(type, Mode.TRAINING, 7, 4, p);
        assertTrue(java.util.Arrays.equals(a.data(), again.data()), "same seed, layer and step: the same mask");
        assertTrue(!java.util.Arrays.equals(a.data(), nextStep.data()), "another step: another mask");
        SeededRandom random = SeededRandom.forKey(7, "layer", "dropout").split(3);
        int dropped = 0;
        for (double v : a.data()) {
            boolean drop = (random.nextLong() >>> 40) * 0x1p-24f < (float) p;
            assertEquals(drop ? 0 : 1 / (1 - p), v, 0, "mask element from the (seed, layer, dropout, step) stream");
            dropped += drop ? 1 : 0;
        }
        assertTrue(dropped > 0 && dropped < a.data().length, "some dropped, some kept among " + a.data().length);
        for (double v : mask(type, Mode.PREDICTING, 7, 3, p).data()) {
            assertEquals(1.0, v);
        }
    }

    private static Tensor mask(final TensorType type, final Mode mode, final long seed, final long step, final double p) {
        return OpSemantics.evaluate(new OpCall(OpKind.DROPOUT_MASK, type, new Attrs.Dropout(p),
            List.of(Tensor.scalar(step))), new OpContext(mode, seed, "layer", 4));
    }

    @Test
    void fixedTensorsAreDrawnFromTheStreamOfTheirLayerAndKey() {
        OpContext ctx = new OpContext(Mode.TRAINING, 11, "fc1", 1);
        TensorType type = single(4, 3);
        Tensor b = OpSemantics.evaluate(new OpCall(OpKind.UNIFORM, type, new Attrs.Draw(0.5, "B"), List.of()), ctx);
        SeededRandom random = SeededRandom.forKey(11, "fc1", "B");
        for (double v : b.data()) {
            assertEquals(random.uniform(0.5f), v, 0);
            assertTrue(Math.abs(v) <= 0.5);
        }
        Tensor f = OpSemantics.evaluate(new OpCall(OpKind.SIGN_CONCORDANT, type, new Attrs.SignConcordant(0.5, "F"),
            List.of(b)), ctx);
        for (int i = 0; i < b.data().length; i++) {
            assertTrue(f.get(i) == 0 || Math.signum(f.get(i)) == Math.signum(b.get(i)), "sign concordant");
        }
        Tensor other = OpSemantics.evaluate(new OpCall(OpKind.UNIFORM, type, new Attrs.Draw(0.5, "B"), List.of()),
            new OpContext(Mode.TRAINING, 11, "fc2", 1));
        assertTrue(!java.util.Arrays.equals(b.data(), other.data()), "another layer draws another tensor");
    }

    @Test
    void broadcastingArithmeticPairsEachElementWithTheOtherSidesElementOrScalar() {
        Tensor a = Tensor.of(batched(2), 2, new double[] {1, 2, 3, 4});
        Tensor row = Tensor.of(single(2), 1, new double[] {10, 20});
        Tensor scalar = Tensor.scalar(3);
        assertEquals(List.of(11.0, 22.0, 13.0, 24.0), list(GradientCheck.eval(OpKind.ADD, batched(2), a, row)));
        assertEquals(List.of(-2.0, -1.0, 0.0, 1.0), list(GradientCheck.eval(OpKind.SUB, batched(2), a, scalar)));
        assertEquals(List.of(10.0, 10.0), list(GradientCheck.evalWithBatch(OpKind.DIV, single(2), Attrs.NONE, 1, row,
            Tensor.of(single(2), 1, new double[] {1, 2}))));
        assertEquals(List.of(4.0, 6.0), list(GradientCheck.eval(OpKind.REDUCE_TO, single(2), a)));
        assertEquals(List.of(10.0), list(GradientCheck.eval(OpKind.REDUCE_TO, TensorType.scalar(), a)));
    }

    private static List<Double> list(final Tensor t) {
        List<Double> out = new ArrayList<>();
        for (double v : t.data()) {
            out.add(v);
        }
        return out;
    }
}
