package dev.locus.compiler.ir;

/**
 * Every operation of the IR. Layout: a batched value is row-major [batch, shape...]; images are
 * [c, h, w] per sample (NCHW). Weights of `dense` are [in, out] (y = x @ W), of `conv2d`
 * [out_channels, in_channels, k, k]. The attributes of each entry are a record of {@link Attrs}
 * (named in the entry; none if not named); "g" is an incoming gradient of the op's output's shape.
 * The derivative of each op is in the lowering's {@code Derivatives}. Ops that read or write
 * training state ({@link StateKind}) take it as inputs and say so; every other op is a function
 * of its inputs and attributes.
 */
public enum OpKind {
    // ---------------------------------------------------------------- layer ops (forward)
    /** (x [k] or [r, k], m [k, n]) -> x @ m; x batched or not, m unbatched. */
    MATMUL(2),
    /** (y, b [c]) -> y + b, b broadcast over the batch and, for [c, h, w], over h and w. */
    ADD_BIAS(2),
    /** (x [cin, h, w], W [cout, cin, k, k]) -> [cout, h', w']; attrs Conv. */
    CONV2D(2),
    /** (x [c, h, w]) -> [c, h', w']; attrs Pool. No argmax is kept: MAXPOOL_GRAD finds it again from x. */
    MAXPOOL(1),
    AVGPOOL(1),
    /** (x) -> x viewed with the shape of the output (flatten, and the gradient of flatten). */
    RESHAPE(1),
    /** (a, b, ...) -> concatenation on the channel axis (axis 0 of the sample shape). */
    CONCAT(-1),
    RELU(1),
    TANH(1),
    SIGMOID(1),
    /** attrs Leaky. */
    LEAKY_RELU(1),
    /**
     * (step: the TRAINING_STEP state, read) -> a mask of the output's shape, per sample: each
     * element 0 with probability p, else 1/(1-p), drawn from the seeded generator keyed by
     * (seed, layer, "dropout") split by the step; all ones when predicting. attrs Dropout.
     */
    DROPOUT_MASK(1),
    /**
     * (x, gamma [c], beta [c], running_mean [c], running_var [c]: RUNNING_MEAN and RUNNING_VAR
     * state) -> per-channel (per-feature for [n]) normalization. When training it normalizes with
     * the minibatch's mean and biased variance and moves the running statistics in place by
     * momentum towards the mean and the unbiased variance; when predicting it normalizes with the
     * running statistics and writes nothing. attrs BatchNorm.
     */
    BATCHNORM(5),

    // ---------------------------------------------------------------- rule expressions
    /** Element-wise with broadcasting: equal types, or one side a scalar or an unbatched tensor of the sample shape. */
    ADD(2),
    SUB(2),
    MUL(2),
    DIV(2),
    NEG(1),
    /** () -> a scalar constant; attrs Constant. */
    CONST(0),
    SOFTMAX(1),
    LOG_SOFTMAX(1),
    /** (labels) -> one-hot [classes] per sample; attrs OneHot. */
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
    /** () -> [rows, cols] (the output's shape) uniform in [-bound, bound]; attrs Draw. */
    UNIFORM(0),
    /** () -> [rows, cols] (the output's shape) normal with deviation bound; attrs Draw. */
    NORMAL(0),
    /** (m) -> m * max(0, 1 + spread z), z standard normal; attrs SignConcordant. */
    SIGN_CONCORDANT(1),
    /** () -> a tensor of the output's shape uniform in [-bound, bound] (feedback for propagate(random)); attrs Draw. */
    UNIFORM_LIKE(0),

    // ---------------------------------------------------------------- gradients
    /** (g [.., n], m [k, n]) -> g @ m^T. */
    MATMUL_GRAD_LEFT(2),
    /** (x [.., k], g [.., n]) -> x^T @ g summed over the batch: [k, n]. */
    MATMUL_GRAD_RIGHT(2),
    /** (g) -> the sum of g over the batch (and h, w): [c]. */
    BIAS_GRAD(1),
    /** (g, W) -> the gradient to the conv's input; attrs Conv; output type = the input's. */
    CONV2D_GRAD_INPUT(2),
    /** (x, g) -> the gradient to the conv's weights; attrs Conv. */
    CONV2D_GRAD_WEIGHT(2),
    /**
     * (x, g) -> g routed to the maximum of each window (the first on ties), found again from x:
     * no backend keeps MAXPOOL's argmax as state; attrs Pool.
     */
    MAXPOOL_GRAD(2),
    /** (g) -> g spread evenly over each window; attrs Pool; output type = the input's. */
    AVGPOOL_GRAD(1),
    /** (g) -> channels [offset, offset + count) of g; attrs Slice. */
    SLICE_CHANNELS(1),
    /** (x, g) -> g where x > 0, else 0. */
    RELU_GRAD(2),
    /** (y, g) -> g (1 - y^2), y = tanh(x). */
    TANH_GRAD(2),
    /** (y, g) -> g y (1 - y), y = sigmoid(x). */
    SIGMOID_GRAD(2),
    /** (x, g) -> g where x > 0, else slope g; attrs Leaky. */
    LEAKY_RELU_GRAD(2),
    /** (x, gamma, g) -> gradient to x of BATCHNORM in training mode; attrs BatchNorm. */
    BATCHNORM_GRAD_INPUT(3),
    /** (x, g) -> gradient to gamma; attrs BatchNorm. */
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
     * (g scalar) -> g at every element of the output's type; with Broadcast.mean, divided by the
     * number of those elements (batch included): the gradient of MEAN. attrs Broadcast.
     */
    BROADCAST(1),
    /** (g) -> g summed down to the output's type (over the batch, or to a scalar). */
    REDUCE_TO(1),

    // ---------------------------------------------------------------- effects
    /**
     * (parameter, gradient, state...) -> nothing: the optimizer's step on the parameter, in place,
     * with the parameter's state in the order {@link Optimizer#state} lists it (SGD with momentum:
     * its velocity; Adam: m, v and its step count), which it reads and writes. attrs Update.
     */
    APPLY_UPDATE(-1),
    /**
     * (parameter, value) -> nothing: in an INIT block, the parameter's first value is {@code value}
     * (a fixed tensor of its type, drawn by the ops before it). Only a rule's learned tensors start
     * this way ({@link ParameterInit#LEARNED}); a checkpoint restored afterwards overwrites it.
     */
    INIT_PARAMETER(2);

    private final int arity;

    OpKind(final int arity) {
        this.arity = arity;
    }

    /** The number of inputs, or -1 for any number (at least one; APPLY_UPDATE: as its optimizer says). */
    public int arity() {
        return arity;
    }

    /**
     * Whether the op's value depends on its inputs and attributes alone and it writes nothing: two
     * pure ops of one block with the same kind, inputs and attributes compute the same value. Ops
     * that draw from the generator, read or write state, or have effects are not.
     */
    public boolean pure() {
        return switch (this) {
            case DROPOUT_MASK, BATCHNORM, UNIFORM, NORMAL, SIGN_CONCORDANT, UNIFORM_LIKE, APPLY_UPDATE,
                 INIT_PARAMETER -> false;
            case MATMUL, ADD_BIAS, CONV2D, MAXPOOL, AVGPOOL, RESHAPE, CONCAT, RELU, TANH, SIGMOID, LEAKY_RELU, ADD, SUB,
                 MUL, DIV, NEG, CONST, SOFTMAX, LOG_SOFTMAX, ONEHOT, SUM, MEAN, SIGN, ABS, SQRT, CROSS_ENTROPY, MSE,
                 SQUARE_HINGE, SMOOTH_L1, FA_MATMUL, MATMUL_GRAD_LEFT, MATMUL_GRAD_RIGHT, BIAS_GRAD, CONV2D_GRAD_INPUT,
                 CONV2D_GRAD_WEIGHT, MAXPOOL_GRAD, AVGPOOL_GRAD, SLICE_CHANNELS, RELU_GRAD, TANH_GRAD, SIGMOID_GRAD,
                 LEAKY_RELU_GRAD, BATCHNORM_GRAD_INPUT, BATCHNORM_GRAD_GAMMA, BATCHNORM_GRAD_BETA, SOFTMAX_GRAD,
                 LOG_SOFTMAX_GRAD, CROSS_ENTROPY_GRAD, MSE_GRAD, SQUARE_HINGE_GRAD, SMOOTH_L1_GRAD, BROADCAST,
                 REDUCE_TO -> true;
        };
    }
}
