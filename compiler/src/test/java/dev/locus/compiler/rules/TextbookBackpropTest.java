package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.interp.Mode;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * `backprop` against backpropagation written out by hand, in plain loops, for an MLP of two
 * hidden ReLU layers and a cross-entropy output; `feedback_alignment` against the same loops with
 * the fixed feedback matrices in place of the weights on the way down, and against `backprop`
 * itself once its feedback matrices are set to the weights (Locus's feedback matrix has the
 * weight's shape [in, out] and the error goes down as g @ F^T, so F = W is the transpose rule).
 */
class TextbookBackpropTest {
    private static final double TOLERANCE = 1e-12;

    /** Sizes of one generated case: input [1, rows, cols], two hidden widths, classes, batch. */
    private record Sizes(int rows, int cols, int h1, int h2, int classes, int batch) {
        String network() {
            return "network Mlp {\n    input image : [1, " + rows + ", " + cols + "]\n    classes " + classes + "\n"
                    + "    layer fc1 = flatten -> dense(" + h1 + ") -> relu\n"
                    + "    layer fc2 = dense(" + h2 + ") -> relu\n"
                    + "    output out = dense(classes)\n}\n";
        }
    }

    private static final org.quicktheories.core.Gen<Sizes> SIZES = integers().between(1, 4)
            .zip(integers().between(1, 4), integers().between(2, 7), (r, c, h1) -> new int[] {r, c, h1})
            .zip(integers().between(2, 7), integers().between(2, 5), integers().between(1, 6),
                    (a, h2, k, b) -> new Sizes(a[0], a[1], a[2], h2, k, b));

    private static final org.quicktheories.core.Gen<Integer> SEEDS = integers().between(0, 1_000_000);

    private static Pipeline pipeline(final Sizes s, final String rule, final String optimizer, final int seed) {
        return Pipeline.of(Pipeline.program(s.network(), "Mlp", rule, optimizer, seed));
    }

    @Test
    void backpropGivesTheGradientsOfTextbookBackpropagation() {
        qt().withFixedSeed(21).withExamples(100).forAll(SIZES, SEEDS).checkAssert((s, seed) -> {
            Pipeline p = pipeline(s, "backprop", "sgd(0.01)", seed);
            Pipeline.Batch batch = Pipeline.Batch.random(new Random(seed), p, s.batch());
            Mlp mlp = Mlp.of(p, false);
            p.frozenStep(batch);
            assertGradients(mlp.gradients(batch), p.allGradients(), s);
        });
    }

    @Test
    void feedbackAlignmentGivesTextbookBackpropagationThroughItsFeedbackMatrices() {
        qt().withFixedSeed(22).withExamples(100).forAll(SIZES, SEEDS).checkAssert((s, seed) -> {
            Pipeline p = pipeline(s, "feedback_alignment(scale: 1.5)", "sgd(0.01)", seed);
            Pipeline.Batch batch = Pipeline.Batch.random(new Random(seed), p, s.batch());
            Mlp mlp = Mlp.of(p, true);
            assertFalse(Arrays.equals(mlp.down[2], mlp.w[2]), "the feedback matrix is not the weight itself");
            p.frozenStep(batch);
            assertGradients(mlp.gradients(batch), p.allGradients(), s);
        });
    }

    @Test
    void feedbackAlignmentWithItsFeedbackSetToTheWeightsIsBackprop() {
        qt().withFixedSeed(23).withExamples(40).forAll(SIZES, SEEDS).checkAssert((s, seed) -> {
            Pipeline bp = pipeline(s, "backprop", "sgd(0.01)", seed);
            Pipeline fa = pipeline(s, "feedback_alignment", "sgd(0.01)", seed);
            // The same seed and parameter names: the same initial weights.
            assertEquals(bp.parameters().keySet(), fa.parameters().keySet());
            bp.parameters().forEach((name, v) -> assertArrayEquals(v, fa.interpreter.parameter(name).data(), name));
            Pipeline.Batch batch = Pipeline.Batch.random(new Random(seed), bp, s.batch());
            fa.frozenStep(batch);
            Map<String, double[]> random = fa.allGradients();
            RuleGradientTest.setFeedbackToWeights(fa);
            fa.frozenStep(batch);
            bp.frozenStep(batch);
            Map<String, double[]> transposed = fa.allGradients();
            Map<String, double[]> backprop = bp.allGradients();
            for (String name : backprop.keySet()) {
                assertArrayEquals(backprop.get(name), transposed.get(name), name + " for\n" + s.network());
            }
            // With its own random feedback the output layer's gradients are the same, the hidden ones are
            // not (unless no error reaches them at all: every unit above dead on this batch).
            for (String name : backprop.keySet()) {
                boolean same = Arrays.equals(backprop.get(name), random.get(name));
                boolean silent = Arrays.stream(backprop.get(name)).allMatch(v -> v == 0)
                        && Arrays.stream(random.get(name)).allMatch(v -> v == 0);
                assertEquals(name.startsWith("out.") || silent, same, name + " with random feedback");
            }
        });
    }

    @Test
    void aBackpropStepMovesEachParameterByTheLearningRateTimesTheTextbookGradient() {
        double lr = 0.05;
        qt().withFixedSeed(24).withExamples(40).forAll(SIZES, SEEDS).checkAssert((s, seed) -> {
            Pipeline p = pipeline(s, "backprop", "sgd(" + lr + ")", seed);
            Pipeline.Batch batch = Pipeline.Batch.random(new Random(seed), p, s.batch());
            Map<String, double[]> expected = Mlp.of(p, false).gradients(batch);
            Map<String, double[]> before = p.parameters();
            p.interpreter.step(batch.images(), batch.labels(), batch.size(), Mode.TRAINING);
            for (String name : before.keySet()) {
                double[] moved = before.get(name).clone();
                for (int i = 0; i < moved.length; i++) {
                    moved[i] -= lr * expected.get(name)[i];
                }
                assertArrayEquals(moved, p.interpreter.parameter(name).data(), TOLERANCE, name + " after one step");
            }
        });
    }

    private static void assertGradients(final Map<String, double[]> expected, final Map<String, double[]> actual,
                                        final Sizes s) {
        assertEquals(expected.keySet(), actual.keySet(), "parameters with an update");
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), TOLERANCE, name + " for\n" + s.network());
        }
    }

    /**
     * The MLP's parameters, read from the interpreter, and the matrices the error goes down
     * through (the weights, or the feedback matrices). Layer l = 0, 1, 2 is fc1, fc2, out.
     */
    private static final class Mlp {
        final String[] layers = {"fc1", "fc2", "out"};
        final String[] weightNames = new String[3];
        final String[] biasNames = new String[3];
        final double[][] w = new double[3][];
        final double[][] b = new double[3][];
        final double[][] down = new double[3][];
        final int[] width = new int[4];

        static Mlp of(final Pipeline p, final boolean feedback) {
            Mlp m = new Mlp();
            m.width[0] = Math.toIntExact(p.graph.images().type().shape().size());
            for (int l = 0; l < 3; l++) {
                String layer = m.layers[l];
                for (String name : p.interpreter.parameterNames()) {
                    if (name.startsWith(layer + ".w")) {
                        m.weightNames[l] = name;
                    } else if (name.startsWith(layer + ".b")) {
                        m.biasNames[l] = name;
                    }
                }
                m.w[l] = p.interpreter.parameter(m.weightNames[l]).data().clone();
                m.b[l] = p.interpreter.parameter(m.biasNames[l]).data().clone();
                m.width[l + 1] = m.b[l].length;
                m.down[l] = m.w[l];
                if (feedback && l > 0) {
                    IrBlock init = p.graph.block(layer, IrBlock.Kind.INIT);
                    for (IrOp op : init.ops()) {
                        if (op.kind() == OpKind.UNIFORM_LIKE) {
                            m.down[l] = p.interpreter.value(op.output()).data().clone();
                        }
                    }
                }
            }
            return m;
        }

        /** Forward, then backward, sample by sample, the mean cross-entropy's gradients. */
        Map<String, double[]> gradients(final Pipeline.Batch batch) {
            double[][] dw = new double[3][];
            double[][] db = new double[3][];
            for (int l = 0; l < 3; l++) {
                dw[l] = new double[w[l].length];
                db[l] = new double[b[l].length];
            }
            for (int s = 0; s < batch.size(); s++) {
                double[][] h = new double[4][];
                double[][] z = new double[3][];
                h[0] = Arrays.copyOfRange(batch.images(), s * width[0], (s + 1) * width[0]);
                for (int l = 0; l < 3; l++) {
                    z[l] = new double[width[l + 1]];
                    h[l + 1] = new double[width[l + 1]];
                    for (int j = 0; j < width[l + 1]; j++) {
                        double sum = b[l][j];
                        for (int i = 0; i < width[l]; i++) {
                            sum += h[l][i] * w[l][i * width[l + 1] + j];
                        }
                        z[l][j] = sum;
                        h[l + 1][j] = l < 2 ? Math.max(0, sum) : sum;
                    }
                }
                // d(mean cross-entropy)/dz of the output: (softmax - onehot) / batch.
                double[] delta = softmax(z[2]);
                delta[batch.labels()[s]] -= 1;
                for (int j = 0; j < delta.length; j++) {
                    delta[j] /= batch.size();
                }
                for (int l = 2; l >= 0; l--) {
                    for (int j = 0; j < width[l + 1]; j++) {
                        db[l][j] += delta[j];
                        for (int i = 0; i < width[l]; i++) {
                            dw[l][i * width[l + 1] + j] += h[l][i] * delta[j];
                        }
                    }
                    if (l > 0) {
                        double[] below = new double[width[l]];
                        for (int i = 0; i < width[l]; i++) {
                            double sum = 0;
                            for (int j = 0; j < width[l + 1]; j++) {
                                sum += delta[j] * down[l][i * width[l + 1] + j];
                            }
                            below[i] = z[l - 1][i] > 0 ? sum : 0;
                        }
                        delta = below;
                    }
                }
            }
            Map<String, double[]> out = new java.util.LinkedHashMap<>();
            for (int l = 0; l < 3; l++) {
                out.put(weightNames[l], dw[l]);
                out.put(biasNames[l], db[l]);
            }
            return out;
        }

        private static double[] softmax(final double[] z) {
            double max = Arrays.stream(z).max().orElseThrow();
            double[] e = new double[z.length];
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                e[i] = Math.exp(z[i] - max);
                sum += e[i];
            }
            for (int i = 0; i < z.length; i++) {
                e[i] /= sum;
            }
            return e;
        }
    }
}
