package dev.locus.compiler.ir;

/**
 * Every operation of the IR. Layout: a batched value is row-major [batch, shape...]; images are
 * [c, h, w] per sample (NCHW). Weights of `dense` are [in, out] (y = x @ W), of `conv2d`
 * [out_channels, in_channels, k, k]. Attributes are named in each entry; "g" is an incoming
 * gradient of the op's output's shape. The derivative of each op is in {@code Derivatives}.
 */
public enum OpKind {
    // ---------------------------------------------------------------- layer ops (forward)
    /** (x [k] or [r, k], m [k, n]) -> x @ m; x batched or not, m unbatched. */
    MATMUL(2),
    /** (y, b [c]) -> y + b, b broadcast over the batch and, for [c, h, w], over h and w. */
    ADD_BIAS(2),
    /** (x [cin, h, w], W [cout, cin, k, k]) -> [cout, h', w']; attrs stride, pad. */
    CONV2D(2),
    /** (x [c, h, w]) -> [c, h', w']; attrs size, stride. */
    MAXPOOL(1),
    AVGPOOL(1),
    /** (x) -> x viewed with the shape of the output (flatten, and the gradient of flatten). */
    RESHAPE(1),
    /** (a, b, ...) -> concatenation on the channel axis (axis 0 of the sample shape). */
    CONCAT(-1),
    RELU(1),
    TANH(1),
    SIGMOID(1),
    /** attrs slope. */
    LEAKY_RELU(1),
    /**
     * () -> a mask of the output's shape, per sample: each element 0 with probability p, else
     * 1/(1-p), drawn from the seeded generator keyed by (seed, layer, "dropout", step); all ones
     * when predicting. attrs p.
     */
    DROPOUT_MASK(0),
    /**
     * (x, gamma [c], beta [c]) -> per-channel (per-feature for [n]) normalization with the
     * minibatch's statistics when training, the running ones when predicting; attrs eps, momentum.
     */
    BATCHNORM(3),

    // ---------------------------------------------------------------- rule expressions
    /** Element-wise with broadcasting: equal types, or one side a scalar or an unbatched tensor of the sample shape. */
    ADD(2),
    SUB(2),
    MUL(2),
    DIV(2),
    NEG(1),
    /** () -> a scalar constant; attrs value. */
    CONST(0),
    SOFTMAX(1),
    LOG_SOFTMAX(1),
    /** (labels) -> one-hot [classes] per sample; attrs classes. */
    ONEHOT(1),
    /** (x) -> the sum (or mean) of every element, batch included: a scalar. */
    SUM(1),
    MEAN(1),
    SIGN(1),
    ABS(1),
    SQRT(1),
    /** (scores [classes], labels) -> mean over the batch of -log softmax(scores)[label]. */
    CROSS_ENTROPY(2),
    /** (scores, labels) -> mean over the batch of the sum over classes of (s - onehot)^2. */
    MSE(2),
    /** (scores, labels) -> mean over the batch of the sum over classes of max(0, 1 - t s)^2, t = 2 onehot - 1. */
    SQUARE_HINGE(2),
    /** (scores, labels) -> mean over the batch of the sum over classes of huber(s - onehot), beta 1. */
    SMOOTH_L1(2),
    /** (x, m, f) -> x @ m; its gradient to x goes through f instead of m. */
    FA_MATMUL(3),

    // ---------------------------------------------------------------- drawn once (fixed tensors)
    /** () -> [rows, cols] uniform in [-bound, bound]; attrs rows, cols, bound, key. */
    UNIFORM(0),
    /** () -> [rows, cols] normal with std; attrs rows, cols, std, key. */
    NORMAL(0),
    /** (m) -> m * max(0, 1 + spread z), z standard normal; attrs spread, key. */
    SIGN_CONCORDANT(1),
    /** () -> a tensor of the output's shape uniform in [-bound, bound] (feedback for propagate(random)); attrs bound, key. */
    UNIFORM_LIKE(0),

    // ---------------------------------------------------------------- gradients
    /** (g [.., n], m [k, n]) -> g @ m^T. */
    MATMUL_GRAD_LEFT(2),
    /** (x [.., k], g [.., n]) -> x^T @ g summed over the batch: [k, n]. */
    MATMUL_GRAD_RIGHT(2),
    /** (g) -> the sum of g over the batch (and h, w): [c]. */
    BIAS_GRAD(1),
    /** (g, W) -> the gradient to the conv's input; attrs stride, pad; output type = the input's. */
    CONV2D_GRAD_INPUT(2),
    /** (x, g) -> the gradient to the conv's weights; attrs stride, pad, kernel. */
    CONV2D_GRAD_WEIGHT(2),
    /** (x, g) -> g routed to the maximum of each window; attrs size, stride. */
    MAXPOOL_GRAD(2),
    /** (g) -> g spread evenly over each window; attrs size, stride; output type = the input's. */
    AVGPOOL_GRAD(1),
    /** (g) -> channels [offset, offset + count) of g; attrs offset. */
    SLICE_CHANNELS(1),
    /** (x, g) -> g where x > 0, else 0. */
    RELU_GRAD(2),
    /** (y, g) -> g (1 - y^2), y = tanh(x). */
    TANH_GRAD(2),
    /** (y, g) -> g y (1 - y), y = sigmoid(x). */
    SIGMOID_GRAD(2),
    /** (x, g) -> g where x > 0, else slope g; attrs slope. */
    LEAKY_RELU_GRAD(2),
    /** (x, gamma, g) -> gradient to x of BATCHNORM in training mode; attrs eps. */
    BATCHNORM_GRAD_INPUT(3),
    /** (x, g) -> gradient to gamma; attrs eps. */
    BATCHNORM_GRAD_GAMMA(2),
    /** (g) -> gradient to beta: sum over batch (and h, w) per channel. */
    BATCHNORM_GRAD_BETA(1),
    /** (y, g) -> y (g - sum(g y)) per sample, y = softmax(x). */
    SOFTMAX_GRAD(2),
    /** (y, g) -> g - exp(y) sum(g) per sample, y = log_softmax(x). */
    LOG_SOFTMAX_GRAD(2),
    /** (scores, labels, g) -> the loss's gradient to the scores, times the scalar g. */
    CROSS_ENTROPY_GRAD(3),
    MSE_GRAD(3),
    SQUARE_HINGE_GRAD(3),
    SMOOTH_L1_GRAD(3),
    /**
     * (g scalar) -> g at every element of the output's type; with attrs mean = 1, divided by the
     * number of those elements (batch included): the gradient of MEAN.
     */
    BROADCAST(1),
    /** (g) -> g summed down to the output's type (over the batch, or to a scalar). */
    REDUCE_TO(1),

    // ---------------------------------------------------------------- effects
    /** (parameter, gradient) -> nothing: the optimizer's step on the parameter. */
    APPLY_UPDATE(2);

    private final int arity;

    OpKind(final int arity) {
        this.arity = arity;
    }

    /** The number of inputs, or -1 for any number (at least one). */
    public int arity() {
        return arity;
    }
}
