package dev.locus.compiler.interp;

import static dev.locus.compiler.interp.GradientCheck.assertGradient;
import static dev.locus.compiler.interp.GradientCheck.batched;
import static dev.locus.compiler.interp.GradientCheck.distinct;
import static dev.locus.compiler.interp.GradientCheck.dot;
import static dev.locus.compiler.interp.GradientCheck.eval;
import static dev.locus.compiler.interp.GradientCheck.labels;
import static dev.locus.compiler.interp.GradientCheck.random;
import static dev.locus.compiler.interp.GradientCheck.single;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every gradient op against central finite differences of its forward op, over random small
 * shapes (1 and primes among them), strides and paddings: for upstream g, the gradient op must
 * give d/dx sum(g * forward(x)).
 */
class OpSemanticsGradientTest {

    @Test
    void matmulGradientsAreTheDerivativesOfMatmul() {
        qt().withExamples(40).forAll(integers().between(1, 4), integers().between(1, 5), integers().between(1, 5),
            longs().all()).checkAssert((batch, k, n, seed) -> {
                Random r = new Random(seed);
                int rows = r.nextInt(3);
                TensorType xType = rows == 0 ? batched(k) : batched(rows, k);
                TensorType outType = rows == 0 ? batched(n) : batched(rows, n);
                Tensor x = random(r, xType, batch);
                Tensor m = random(r, single(k, n), 1);
                Tensor g = random(r, outType, batch);
                for (OpKind kind : List.of(OpKind.MATMUL, OpKind.FA_MATMUL)) {
                    Tensor[] in = kind == OpKind.MATMUL ? new Tensor[] {x, m} : new Tensor[] {x, m, m};
                    assertGradient(kind + " to x", x, t -> dot(eval(kind, outType, in), g),
                        eval(OpKind.MATMUL_GRAD_LEFT, xType, g, m));
                    assertGradient(kind + " to m", m, t -> dot(eval(kind, outType, in), g),
                        eval(OpKind.MATMUL_GRAD_RIGHT, m.type(), x, g));
                }
            });
    }

    @Test
    void biasGradientIsTheDerivativeOfAddBias() {
        qt().withExamples(40).forAll(integers().between(1, 4), integers().between(1, 5), integers().between(0, 3),
            longs().all()).checkAssert((batch, c, side, seed) -> {
                Random r = new Random(seed);
                TensorType type = side == 0 ? batched(c) : batched(c, side, side + 1);
                Tensor y = random(r, type, batch);
                Tensor b = random(r, single(c), 1);
                Tensor g = random(r, type, batch);
                assertGradient("add_bias to b", b, t -> dot(eval(OpKind.ADD_BIAS, type, y, b), g),
                    eval(OpKind.BIAS_GRAD, b.type(), g));
            });
    }

    @Test
    void convolutionGradientsAreTheDerivativesOfConv2d() {
        qt().withExamples(40).forAll(integers().between(1, 3), integers().between(1, 3), integers().between(1, 3),
            longs().all()).checkAssert((batch, cin, cout, seed) -> {
                Random r = new Random(seed);
                int k = 1 + r.nextInt(3);
                int stride = 1 + r.nextInt(3);
                int pad = r.nextInt(3);
                int low = Math.max(1, k - 2 * pad);
                int h = low + r.nextInt(8 - low);
                int w = low + r.nextInt(8 - low);
                int oh = (h + 2 * pad - k) / stride + 1;
                int ow = (w + 2 * pad - k) / stride + 1;
                TensorType xType = batched(cin, h, w);
                TensorType outType = batched(cout, oh, ow);
                Attrs attrs = new Attrs.Conv(stride, pad, k);
                Tensor x = random(r, xType, batch);
                Tensor wt = random(r, single(cout, cin, k, k), 1);
                Tensor g = random(r, outType, batch);
                String what = "conv2d " + xType + " k " + k + " stride " + stride + " pad " + pad;
                assertGradient(what + " to x", x, t -> dot(eval(OpKind.CONV2D, outType, attrs, x, wt), g),
                    eval(OpKind.CONV2D_GRAD_INPUT, xType, attrs, g, wt));
                assertGradient(what + " to w", wt, t -> dot(eval(OpKind.CONV2D, outType, attrs, x, wt), g),
                    eval(OpKind.CONV2D_GRAD_WEIGHT, wt.type(), attrs, x, g));
            });
    }

    @Test
    void poolingGradientsAreTheDerivativesOfPooling() {
        qt().withExamples(40).forAll(integers().between(1, 3), integers().between(1, 3), integers().between(1, 3),
            longs().all()).checkAssert((batch, c, size, seed) -> {
                Random r = new Random(seed);
                int stride = 1 + r.nextInt(3);
                int h = size + r.nextInt(5);
                int w = size + r.nextInt(5);
                TensorType xType = batched(c, h, w);
                TensorType outType = batched(c, (h - size) / stride + 1, (w - size) / stride + 1);
                Attrs attrs = new Attrs.Pool(size, stride);
                Tensor x = distinct(r, xType, batch);
                Tensor g = random(r, outType, batch);
                String what = "pool " + xType + " size " + size + " stride " + stride;
                assertGradient("max" + what, x, t -> dot(eval(OpKind.MAXPOOL, outType, attrs, x), g),
                    eval(OpKind.MAXPOOL_GRAD, xType, attrs, x, g));
                assertGradient("avg" + what, x, t -> dot(eval(OpKind.AVGPOOL, outType, attrs, x), g),
                    eval(OpKind.AVGPOOL_GRAD, xType, attrs, g));
            });
    }

    @Test
    void slicingChannelsIsTheDerivativeOfConcatenationAndReshapeOfReshape() {
        qt().withExamples(40).forAll(integers().between(1, 3), integers().between(1, 3), integers().between(0, 2),
            longs().all()).checkAssert((batch, parts, side, seed) -> {
                Random r = new Random(seed);
                List<Tensor> in = new ArrayList<>();
                int total = 0;
                for (int i = 0; i < parts; i++) {
                    int c = 1 + r.nextInt(3);
                    in.add(random(r, side == 0 ? batched(c) : batched(c, side, side + 2), batch));
                    total += c;
                }
                TensorType outType = side == 0 ? batched(total) : batched(total, side, side + 2);
                Tensor g = random(r, outType, batch);
                Tensor[] inputs = in.toArray(Tensor[]::new);
                int offset = 0;
                for (Tensor part : in) {
                    assertGradient("concat to a part at channel " + offset, part,
                        t -> dot(eval(OpKind.CONCAT, outType, inputs), g),
                        eval(OpKind.SLICE_CHANNELS, part.type(), new Attrs.Slice(offset, part.type().shape().dim(0)), g));
                    offset += part.type().shape().dim(0);
                }
                TensorType flat = batched((int) outType.shape().size());
                Tensor x = random(r, outType, batch);
                Tensor gf = random(r, flat, batch);
                assertGradient("reshape", x, t -> dot(eval(OpKind.RESHAPE, flat, x), gf),
                    eval(OpKind.RESHAPE, outType, gf));
            });
    }

    @Test
    void activationGradientsAreTheDerivativesOfActivations() {
        qt().withExamples(40).forAll(integers().between(1, 4), integers().between(1, 7), integers().between(0, 3),
            longs().all()).checkAssert((batch, n, which, seed) -> {
                Random r = new Random(seed);
                TensorType type = batched(n);
                // Away from 0, where relu and leaky_relu have no derivative.
                Tensor x = random(r, type, batch, 0.01);
                Tensor g = random(r, type, batch);
                OpKind kind = List.of(OpKind.RELU, OpKind.TANH, OpKind.SIGMOID, OpKind.LEAKY_RELU).get(which);
                Attrs attrs = kind == OpKind.LEAKY_RELU ? new Attrs.Leaky(0.1 + r.nextDouble()) : Attrs.NONE;
                Tensor y = eval(kind, type, attrs, x);
                Tensor analytic = switch (kind) {
                    case RELU -> eval(OpKind.RELU_GRAD, type, x, g);
                    case TANH -> eval(OpKind.TANH_GRAD, type, y, g);
                    case SIGMOID -> eval(OpKind.SIGMOID_GRAD, type, y, g);
                    default -> eval(OpKind.LEAKY_RELU_GRAD, type, attrs, x, g);
                };
                assertGradient(kind.name(), x, t -> dot(eval(kind, type, attrs, x), g), analytic);
            });
    }

    private static Tensor runningMean(final int channels) {
        return Tensor.zeros(single(channels), 1);
    }

    private static Tensor runningVariance(final int channels) {
        double[] ones = new double[channels];
        java.util.Arrays.fill(ones, 1.0);
        return Tensor.of(single(channels), 1, ones);
    }

    @Test
    void batchNormGradientsAreTheDerivativesOfTrainingModeBatchNorm() {
        qt().withExamples(40).forAll(integers().between(1, 4), integers().between(1, 3), integers().between(0, 3),
            longs().all()).checkAssert((batch, c, side, seed) -> {
                Random r = new Random(seed);
                TensorType type = side == 0 ? batched(c) : batched(c, side, side + 1);
                Attrs attrs = new Attrs.BatchNorm(1e-5, 0.1);
                Tensor x = random(r, type, batch);
                Tensor gamma = random(r, single(c), 1);
                Tensor beta = random(r, single(c), 1);
                Tensor g = random(r, type, batch);
                String what = "batchnorm " + type + " batch " + batch;
                assertGradient(what + " to x", x, t -> dot(eval(OpKind.BATCHNORM, type, attrs, x, gamma, beta, runningMean(c), runningVariance(c)), g),
                    eval(OpKind.BATCHNORM_GRAD_INPUT, type, attrs, x, gamma, g));
                assertGradient(what + " to gamma", gamma,
                    t -> dot(eval(OpKind.BATCHNORM, type, attrs, x, gamma, beta, runningMean(c), runningVariance(c)), g),
                    eval(OpKind.BATCHNORM_GRAD_GAMMA, gamma.type(), attrs, x, g));
                assertGradient(what + " to beta", beta,
                    t -> dot(eval(OpKind.BATCHNORM, type, attrs, x, gamma, beta, runningMean(c), runningVariance(c)), g),
                    eval(OpKind.BATCHNORM_GRAD_BETA, beta.type(), g));
            });
    }

    @Test
    void softmaxGradientsAreTheDerivativesOfSoftmax() {
        qt().withExamples(40).forAll(integers().between(1, 4), integers().between(1, 7), booleans().all(),
            longs().all()).checkAssert((batch, n, log, seed) -> {
                Random r = new Random(seed);
                TensorType type = batched(n);
                OpKind kind = log ? OpKind.LOG_SOFTMAX : OpKind.SOFTMAX;
                Tensor x = random(r, type, batch);
                Tensor g = random(r, type, batch);
                Tensor y = eval(kind, type, x);
                assertGradient(kind.name(), x, t -> dot(eval(kind, type, x), g),
                    eval(log ? OpKind.LOG_SOFTMAX_GRAD : OpKind.SOFTMAX_GRAD, type, y, g));
            });
    }

    @Test
    void lossGradientsAreTheDerivativesOfLosses() {
        qt().withExamples(60).forAll(integers().between(1, 4), integers().between(1, 7), integers().between(0, 3),
            longs().all()).checkAssert((batch, classes, which, seed) -> {
                Random r = new Random(seed);
                OpKind loss = List.of(OpKind.CROSS_ENTROPY, OpKind.MSE, OpKind.SQUARE_HINGE, OpKind.SMOOTH_L1).get(which);
                OpKind grad = List.of(OpKind.CROSS_ENTROPY_GRAD, OpKind.MSE_GRAD, OpKind.SQUARE_HINGE_GRAD,
                    OpKind.SMOOTH_L1_GRAD).get(which);
                TensorType type = batched(classes);
                Tensor scores = random(r, type, batch);
                for (int i = 0; i < scores.data().length; i++) {
                    // Three times wider than the hinge's margin, but off its kinks at +-1.
                    double v = 3 * scores.get(i);
                    scores.data()[i] = Math.abs(Math.abs(v) - 1) < 0.01 ? v * 1.05 : v;
                }
                Tensor labels = labels(r, batch, classes);
                Tensor g = Tensor.scalar(2 * r.nextDouble() - 1);
                assertGradient(loss.name(), scores, t -> g.scalarValue() * eval(loss, TensorType.scalar(), scores, labels)
                    .scalarValue(), eval(grad, type, scores, labels, g));
            });
    }

    @Test
    void broadcastIsTheDerivativeOfSumAndMean() {
        qt().withExamples(30).forAll(integers().between(1, 4), integers().between(1, 7), booleans().all(),
            longs().all()).checkAssert((batch, n, mean, seed) -> {
                Random r = new Random(seed);
                TensorType type = batched(n, 2);
                Tensor x = random(r, type, batch);
                Tensor g = Tensor.scalar(2 * r.nextDouble() - 1);
                OpKind kind = mean ? OpKind.MEAN : OpKind.SUM;
                assertGradient(kind.name(), x, t -> g.scalarValue() * eval(kind, TensorType.scalar(), x).scalarValue(),
                    GradientCheck.evalWithBatch(OpKind.BROADCAST, type, new Attrs.Broadcast(mean), batch, g));
            });
    }

    @Test
    void reduceToIsTheDerivativeOfBroadcastingArithmetic() {
        qt().withExamples(60).forAll(integers().between(1, 4), integers().between(1, 7), integers().between(0, 2),
            longs().all()).checkAssert((batch, n, form, seed) -> {
                Random r = new Random(seed);
                TensorType type = batched(n);
                // The second operand: the same type, a scalar, or one tensor of the sample shape for every sample.
                TensorType other = List.of(type, TensorType.scalar(), single(n)).get(form);
                Tensor a = random(r, type, batch, 0.1);
                Tensor b = random(r, other, batch, 0.1);
                Tensor g = random(r, type, batch);
                for (OpKind kind : List.of(OpKind.ADD, OpKind.SUB, OpKind.MUL, OpKind.DIV)) {
                    Tensor out = eval(kind, type, a, b);
                    Tensor toB = switch (kind) {
                        case ADD -> g;
                        case SUB -> eval(OpKind.NEG, type, g);
                        case MUL -> eval(OpKind.MUL, type, g, a);
                        default -> eval(OpKind.NEG, type, eval(OpKind.DIV, type, eval(OpKind.MUL, type, g, out), b));
                    };
                    assertGradient(kind + " to " + other, b, t -> dot(eval(kind, type, a, b), g),
                        eval(OpKind.REDUCE_TO, other, toB));
                    Tensor toA = kind == OpKind.MUL ? eval(OpKind.MUL, type, g, b)
                        : kind == OpKind.DIV ? eval(OpKind.DIV, type, g, b) : g;
                    assertGradient(kind + " to the batched side", a, t -> dot(eval(kind, type, a, b), g), toA);
                }
            });
    }

    @Test
    void matmulOfAnUnbatchedLeftSideIsDifferentiatedToo() {
        qt().withExamples(20).forAll(integers().between(1, 4), integers().between(1, 5), integers().between(1, 5),
            longs().all()).checkAssert((rows, k, n, seed) -> {
                Random r = new Random(seed);
                Tensor x = random(r, single(rows, k), 1);
                Tensor m = random(r, single(k, n), 1);
                TensorType outType = TensorType.single(Shape.of(rows, n));
                Tensor g = random(r, outType, 1);
                assertGradient("matmul of single tensors to x", x, t -> dot(eval(OpKind.MATMUL, outType, x, m), g),
                    eval(OpKind.MATMUL_GRAD_LEFT, x.type(), g, m));
                assertGradient("matmul of single tensors to m", m, t -> dot(eval(OpKind.MATMUL, outType, x, m), g),
                    eval(OpKind.MATMUL_GRAD_RIGHT, m.type(), x, g));
            });
    }
}
