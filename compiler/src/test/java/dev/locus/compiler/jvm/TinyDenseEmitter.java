package dev.locus.compiler.jvm;

import static dev.locus.runtime.model.TinyDenseNetwork.ADAM_LR;
import static dev.locus.runtime.model.TinyDenseNetwork.CAPACITY;
import static dev.locus.runtime.model.TinyDenseNetwork.CLASSES;
import static dev.locus.runtime.model.TinyDenseNetwork.FIXED_BOUND;
import static dev.locus.runtime.model.TinyDenseNetwork.HIDDEN;
import static dev.locus.runtime.model.TinyDenseNetwork.IN;
import static dev.locus.runtime.model.TinyDenseNetwork.MOMENTUM;
import static dev.locus.runtime.model.TinyDenseNetwork.SGD_LR;

import dev.locus.compiler.source.SourceFile;
import dev.locus.compiler.source.Span;
import dev.locus.runtime.kernel.Activation;
import dev.locus.runtime.kernel.Activations;
import dev.locus.runtime.kernel.Loss;
import dev.locus.runtime.kernel.Losses;
import dev.locus.runtime.kernel.Optimizers;
import dev.locus.runtime.kernel.Sgemm;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.StepCounter;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;
import java.util.function.BiConsumer;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * Emits, with {@link NetworkClassBuilder} and {@link MethodEmitter}, the same network that
 * {@link dev.locus.runtime.model.TinyDenseNetwork} is by hand, op for op and in the same order, so
 * the two must train bit for bit alike. Each op carries the line of {@link #SOURCE} it stands for.
 */
final class TinyDenseEmitter {
    static final String FILE = "tiny.locus";
    /** What the program would say; the emitted ops point at these lines. */
    static final String SOURCE = String.join("\n",
        "network Tiny {",                                          // 1
        "  input [1, 4, 4]",                                       // 2
        "  hidden: dense(24, init: he_uniform) -> relu",           // 3
        "  out: dense(4, init: he_uniform)",                       // 4
        "}",                                                       // 5
        "rule tiny {",                                             // 6
        "  hidden: minimize cross_entropy(B * hidden.out, labels) with adam(lr: 0.01)", // 7
        "  out: minimize cross_entropy(out.out, labels) with sgd(lr: 0.05, momentum: 0.9)", // 8
        "}");
    static final int HIDDEN_LINE = 3;
    static final int OUT_LINE = 4;
    static final int HIDDEN_RULE_LINE = 7;
    static final int OUT_RULE_LINE = 8;

    static final RuntimeMethod SGEMM = RuntimeMethod.named(Sgemm.class, "sgemm");
    static final RuntimeMethod ACTIVATE = RuntimeMethod.named(Activations.class, "forward");
    static final RuntimeMethod ACTIVATE_BACKWARD = RuntimeMethod.named(Activations.class, "backward");
    static final RuntimeMethod LOSS = RuntimeMethod.named(Losses.class, "evaluate");
    static final RuntimeMethod ADAM = RuntimeMethod.named(Optimizers.class, "adam");
    static final RuntimeMethod SGD = RuntimeMethod.named(Optimizers.class, "sgd");
    static final RuntimeMethod ADVANCE = RuntimeMethod.named(StepCounter.class, "advance");
    static final RuntimeMethod REPORT = RuntimeMethod.named(CompiledNetwork.class, "report");
    static final RuntimeMethod IS_TRAINABLE = RuntimeMethod.named(CompiledNetwork.class, "isTrainable");
    static final RuntimeMethod HE_UNIFORM = RuntimeMethod.named(Initializer.class, "heUniform");
    static final RuntimeMethod FILL = RuntimeMethod.named(Initializer.class, "fill");
    static final RuntimeMethod FOR_KEY = RuntimeMethod.named(SeededRandom.class, "forKey");
    static final RuntimeMethod FILL_UNIFORM = RuntimeMethod.named(SeededRandom.class, "fillUniform");

    private final SourceFile source = new SourceFile(FILE, SOURCE);

    Span line(final int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = SOURCE.indexOf('\n', offset) + 1;
        }
        return source.span(offset, offset + 1);
    }

    GeneratedClass emit(final String className) {
        final NetworkClassBuilder b = new NetworkClassBuilder(className, FILE, "Tiny", IN, CLASSES, CAPACITY);
        final int hidden = b.layer("hidden", true, true);
        final int out = b.layer("out", true, true);
        final FieldRef hiddenWeight = b.parameter(hidden, "weight", HIDDEN, IN);
        final FieldRef hiddenBias = b.parameter(hidden, "bias", HIDDEN);
        final FieldRef outWeight = b.parameter(out, "weight", CLASSES, HIDDEN);
        final FieldRef outBias = b.parameter(out, "bias", CLASSES);
        final FieldRef hiddenWeightM = b.state(hidden, "weight.adam_m", HIDDEN, IN);
        final FieldRef hiddenWeightV = b.state(hidden, "weight.adam_v", HIDDEN, IN);
        final FieldRef hiddenBiasM = b.state(hidden, "bias.adam_m", HIDDEN);
        final FieldRef hiddenBiasV = b.state(hidden, "bias.adam_v", HIDDEN);
        final FieldRef hiddenStep = b.counter(hidden, "adam_step");
        final FieldRef outWeightVelocity = b.state(out, "weight.velocity", CLASSES, HIDDEN);
        final FieldRef outBiasVelocity = b.state(out, "bias.velocity", CLASSES);
        final FieldRef fixed = b.buffer("hidden$B", CLASSES * HIDDEN);
        final FieldRef h = b.buffer("h", CAPACITY * HIDDEN);
        final FieldRef localScores = b.buffer("localScores", CAPACITY * CLASSES);
        final FieldRef localGrad = b.buffer("localGrad", CAPACITY * CLASSES);
        final FieldRef dh = b.buffer("dh", CAPACITY * HIDDEN);
        final FieldRef hiddenWeightGrad = b.buffer("hiddenWeightGrad", HIDDEN * IN);
        final FieldRef hiddenBiasGrad = b.buffer("hiddenBiasGrad", HIDDEN);
        final FieldRef scores = b.buffer("scores", CAPACITY * CLASSES);
        final FieldRef scoresGrad = b.buffer("scoresGrad", CAPACITY * CLASSES);
        final FieldRef outWeightGrad = b.buffer("outWeightGrad", CLASSES * HIDDEN);
        final FieldRef outBiasGrad = b.buffer("outBiasGrad", CLASSES);
        b.scores(scores);

        final MethodEmitter init = b.initializeParameters();
        final Local seed = init.local("seed");
        // Initializer.heUniform().fill(weight, fanIn, fanOut, SeededRandom.forKey(seed, layer, "weight"))
        init.at(line(HIDDEN_LINE)).invoke(HE_UNIFORM).load(hiddenWeight).push(IN).push(HIDDEN)
            .invoke(FOR_KEY, seed, "hidden", "weight").call(FILL);
        init.at(line(OUT_LINE)).invoke(HE_UNIFORM).load(outWeight).push(HIDDEN).push(CLASSES)
            .invoke(FOR_KEY, seed, "out", "weight").call(FILL);
        init.at(line(HIDDEN_RULE_LINE)).invoke(FOR_KEY, seed, "hidden", "B").invoke(FILL_UNIFORM, fixed, FIXED_BOUND);

        // forward, then (a step) forward again and the updates, as TinyDenseNetwork calls forward first
        final BiConsumer<MethodEmitter, Local[]> forwardPass = (fw, args) -> {
            final Local images = args[0];
            final Local count = args[1];
            fw.at(line(HIDDEN_LINE))
                .invoke(SGEMM, false, true, count, HIDDEN, IN, 1f, images, 0, IN, hiddenWeight, 0, IN, 0f, h, 0, HIDDEN)
                .invoke(ACTIVATE, Activation.RELU, 0f, h, 0, count, HIDDEN, 1, hiddenBias, 0);
            fw.at(line(OUT_LINE))
                .invoke(SGEMM, false, true, count, CLASSES, HIDDEN, 1f, h, 0, HIDDEN, outWeight, 0, HIDDEN, 0f, scores,
                    0, CLASSES)
                .invoke(ACTIVATE, Activation.IDENTITY, 0f, scores, 0, count, CLASSES, 1, outBias, 0);
        };
        final MethodEmitter fw = b.forward();
        forwardPass.accept(fw, new Local[] {fw.local("images"), fw.local("count")});

        final MethodEmitter up = b.step();
        final Local uImages = up.local("images");
        final Local labels = up.local("labels");
        final Local n = up.local("count");
        forwardPass.accept(up, new Local[] {uImages, n});
        final Local stats = up.local("stats");
        final Local hiddenLoss = up.newLocal("hiddenLoss", Type.FLOAT_TYPE);
        final Local step = up.newLocal("step", Type.INT_TYPE);
        final Local outLoss = up.newLocal("outLoss", Type.FLOAT_TYPE);
        up.at(line(HIDDEN_RULE_LINE))
            .invoke(SGEMM, false, true, n, CLASSES, HIDDEN, 1f, h, 0, HIDDEN, fixed, 0, HIDDEN, 0f, localScores, 0,
                CLASSES)
            .invoke(LOSS, Loss.CROSS_ENTROPY, localScores, 0, n, CLASSES, labels, 0, localGrad, 0).store(hiddenLoss)
            .invoke(REPORT, stats, 0, hiddenLoss, localScores, n, CLASSES, labels);
        final Label hiddenFrozen = up.newLabel();
        up.loadThis().invoke(IS_TRAINABLE, hidden).jumpIfFalse(hiddenFrozen)
            .invoke(SGEMM, false, false, n, HIDDEN, CLASSES, 1f, localGrad, 0, CLASSES, fixed, 0, HIDDEN, 0f, dh, 0,
                HIDDEN)
            .invoke(ACTIVATE_BACKWARD, Activation.RELU, 0f, h, 0, dh, 0, dh, 0, n, HIDDEN, 1, hiddenBiasGrad, 0)
            .invoke(SGEMM, true, false, HIDDEN, IN, n, 1f, dh, 0, HIDDEN, uImages, 0, IN, 0f, hiddenWeightGrad, 0, IN)
            .invoke(ADVANCE, hiddenStep).store(step)
            .invoke(ADAM, hiddenWeight, 0, hiddenWeightGrad, 0, hiddenWeightM, 0, hiddenWeightV, 0, HIDDEN * IN,
                ADAM_LR, 0.9f, 0.999f, 1e-8f, 0f, step)
            .invoke(ADAM, hiddenBias, 0, hiddenBiasGrad, 0, hiddenBiasM, 0, hiddenBiasV, 0, HIDDEN, ADAM_LR, 0.9f,
                0.999f, 1e-8f, 0f, step)
            .mark(hiddenFrozen);
        up.at(line(OUT_RULE_LINE))
            .invoke(LOSS, Loss.CROSS_ENTROPY, scores, 0, n, CLASSES, labels, 0, scoresGrad, 0).store(outLoss)
            .invoke(REPORT, stats, 1, outLoss, scores, n, CLASSES, labels);
        final Label outFrozen = up.newLabel();
        up.loadThis().invoke(IS_TRAINABLE, out).jumpIfFalse(outFrozen)
            .invoke(ACTIVATE_BACKWARD, Activation.IDENTITY, 0f, scores, 0, scoresGrad, 0, scoresGrad, 0, n, CLASSES, 1,
                outBiasGrad, 0)
            .invoke(SGEMM, true, false, CLASSES, HIDDEN, n, 1f, scoresGrad, 0, CLASSES, h, 0, HIDDEN, 0f, outWeightGrad,
                0, HIDDEN)
            .invoke(SGD, outWeight, 0, outWeightGrad, 0, outWeightVelocity, 0, CLASSES * HIDDEN, SGD_LR, MOMENTUM, 0f)
            .invoke(SGD, outBias, 0, outBiasGrad, 0, outBiasVelocity, 0, CLASSES, SGD_LR, MOMENTUM, 0f)
            .mark(outFrozen);
        return b.finish();
    }
}
