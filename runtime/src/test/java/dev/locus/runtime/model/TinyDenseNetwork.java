package dev.locus.runtime.model;

import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.Activations;
import dev.locus.runtime.kernel.Loss;
import dev.locus.runtime.kernel.Losses;
import dev.locus.runtime.kernel.Optimizers;
import dev.locus.runtime.kernel.Sgemm;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;
import dev.locus.runtime.train.StepStats;

/**
 * The shape of what the code generator emits, written by hand: a 16-24-4 network whose hidden
 * dense + relu layer learns from the cross-entropy of its fixed random classifier (local error)
 * with Adam, and whose dense output layer learns from its own cross-entropy with SGD and momentum.
 * Every method is straight-line calls of runtime kernels on fields of constant shape, as emitted
 * code is; the compiler's tests generate the same class with ASM and expect bit-identical results.
 */
public final class TinyDenseNetwork extends CompiledNetwork {
    public static final int IN = 16;
    public static final int HIDDEN = 24;
    public static final int CLASSES = 4;
    public static final int CAPACITY = 32;
    public static final float ADAM_LR = 0.01f;
    public static final float SGD_LR = 0.05f;
    public static final float MOMENTUM = 0.9f;
    /** The fixed classifier's bound, 1 / sqrt(HIDDEN) rounded to float. */
    public static final float FIXED_BOUND = (float) (1 / Math.sqrt(HIDDEN));

    private final float[] hiddenWeight;
    private final float[] hiddenBias;
    private final float[] hiddenWeightM;
    private final float[] hiddenWeightV;
    private final float[] hiddenBiasM;
    private final float[] hiddenBiasV;
    private final float[] hiddenStep;
    private final float[] outWeight;
    private final float[] outBias;
    private final float[] outWeightVelocity;
    private final float[] outBiasVelocity;
    private final float[] fixedClassifier = new float[CLASSES * HIDDEN];
    private final float[] h = new float[CAPACITY * HIDDEN];
    private final float[] localScores = new float[CAPACITY * CLASSES];
    private final float[] localGrad = new float[CAPACITY * CLASSES];
    private final float[] dh = new float[CAPACITY * HIDDEN];
    private final float[] hiddenWeightGrad = new float[HIDDEN * IN];
    private final float[] hiddenBiasGrad = new float[HIDDEN];
    private final float[] scores = new float[CAPACITY * CLASSES];
    private final float[] scoresGrad = new float[CAPACITY * CLASSES];
    private final float[] outWeightGrad = new float[CLASSES * HIDDEN];
    private final float[] outBiasGrad = new float[CLASSES];

    public TinyDenseNetwork() {
        super("Tiny", IN, CLASSES, CAPACITY);
        declareLayer("hidden", true, true);
        declareLayer("out", true, true);
        hiddenWeight = registerParameter(0, "weight", HIDDEN, IN);
        hiddenBias = registerParameter(0, "bias", HIDDEN);
        outWeight = registerParameter(1, "weight", CLASSES, HIDDEN);
        outBias = registerParameter(1, "bias", CLASSES);
        hiddenWeightM = registerState(0, "weight.adam_m", HIDDEN, IN);
        hiddenWeightV = registerState(0, "weight.adam_v", HIDDEN, IN);
        hiddenBiasM = registerState(0, "bias.adam_m", HIDDEN);
        hiddenBiasV = registerState(0, "bias.adam_v", HIDDEN);
        hiddenStep = registerCounter(0, "adam_step");
        outWeightVelocity = registerState(1, "weight.velocity", CLASSES, HIDDEN);
        outBiasVelocity = registerState(1, "bias.velocity", CLASSES);
    }

    @Override
    protected void initializeParameters(final long seed) {
        Initializer.heUniform().fill(hiddenWeight, IN, HIDDEN, SeededRandom.forKey(seed, "hidden", "weight"));
        Initializer.heUniform().fill(outWeight, HIDDEN, CLASSES, SeededRandom.forKey(seed, "out", "weight"));
        SeededRandom.forKey(seed, "hidden", "B").fillUniform(fixedClassifier, FIXED_BOUND);
    }

    @Override
    protected void forward(final float[] images, final int count) {
        Sgemm.sgemm(false, true, count, HIDDEN, IN, 1f, images, 0, IN, hiddenWeight, 0, IN, 0f, h, 0, HIDDEN);
        Activations.forward(Activation.RELU, 0f, h, 0, count, HIDDEN, 1, hiddenBias, 0);
        Sgemm.sgemm(false, true, count, CLASSES, HIDDEN, 1f, h, 0, HIDDEN, outWeight, 0, HIDDEN, 0f, scores, 0, CLASSES);
        Activations.forward(Activation.IDENTITY, 0f, scores, 0, count, CLASSES, 1, outBias, 0);
    }

    @Override
    protected void step(final float[] images, final int[] labels, final int count, final StepStats stats) {
        forward(images, count);
        // hidden: its own loss through the fixed classifier; nothing flows down from the output layer.
        Sgemm.sgemm(false, true, count, CLASSES, HIDDEN, 1f, h, 0, HIDDEN, fixedClassifier, 0, HIDDEN, 0f,
            localScores, 0, CLASSES);
        final float hiddenLoss = Losses.evaluate(Loss.CROSS_ENTROPY, localScores, 0, count, CLASSES, labels, 0,
            localGrad, 0);
        report(stats, 0, hiddenLoss, localScores, count, CLASSES, labels);
        if (isTrainable(0)) {
            Sgemm.sgemm(false, false, count, HIDDEN, CLASSES, 1f, localGrad, 0, CLASSES, fixedClassifier, 0, HIDDEN,
                0f, dh, 0, HIDDEN);
            Activations.backward(Activation.RELU, 0f, h, 0, dh, 0, dh, 0, count, HIDDEN, 1, hiddenBiasGrad, 0);
            Sgemm.sgemm(true, false, HIDDEN, IN, count, 1f, dh, 0, HIDDEN, images, 0, IN, 0f, hiddenWeightGrad, 0, IN);
            final int step = StepCounter.advance(hiddenStep);
            Optimizers.adam(hiddenWeight, 0, hiddenWeightGrad, 0, hiddenWeightM, 0, hiddenWeightV, 0, HIDDEN * IN,
                ADAM_LR, 0.9f, 0.999f, 1e-8f, 0f, step);
            Optimizers.adam(hiddenBias, 0, hiddenBiasGrad, 0, hiddenBiasM, 0, hiddenBiasV, 0, HIDDEN,
                ADAM_LR, 0.9f, 0.999f, 1e-8f, 0f, step);
        }
        // out: the network's own output against the labels.
        final float outLoss = Losses.evaluate(Loss.CROSS_ENTROPY, scores, 0, count, CLASSES, labels, 0, scoresGrad, 0);
        report(stats, 1, outLoss, scores, count, CLASSES, labels);
        if (isTrainable(1)) {
            Activations.backward(Activation.IDENTITY, 0f, scores, 0, scoresGrad, 0, scoresGrad, 0, count, CLASSES, 1,
                outBiasGrad, 0);
            Sgemm.sgemm(true, false, CLASSES, HIDDEN, count, 1f, scoresGrad, 0, CLASSES, h, 0, HIDDEN, 0f,
                outWeightGrad, 0, HIDDEN);
            Optimizers.sgd(outWeight, 0, outWeightGrad, 0, outWeightVelocity, 0, CLASSES * HIDDEN, SGD_LR, MOMENTUM, 0f);
            Optimizers.sgd(outBias, 0, outBiasGrad, 0, outBiasVelocity, 0, CLASSES, SGD_LR, MOMENTUM, 0f);
        }
    }

    @Override
    protected float[] scores() {
        return scores;
    }
}
