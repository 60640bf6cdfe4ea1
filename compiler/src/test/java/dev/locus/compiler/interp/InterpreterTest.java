package dev.locus.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The interpreter on networks lowered from Locus source: gradients, updates, freezing, seeds. */
class InterpreterTest {
    static final String NETWORKS = """
            network Net {
                input image : [2, 6, 6]
                classes 3
                layer c1 = conv2d(3, kernel: 3, pad: 1) -> batchnorm -> relu -> maxpool(2)
                layer fc1 = flatten -> dense(5) -> tanh
                layer fc2 = dense(4, init: xavier_uniform) -> sigmoid
                output out = dense(classes)
            }
            network Drop {
                input image : [2, 6, 6]
                classes 3
                layer c1 = conv2d(2, kernel: 3, stride: 2) -> relu
                layer fc1 = flatten -> dense(6) -> relu -> dropout(0.5)
                output out = dense(classes)
            }
            """;
    static final int BATCH = 3;
    static final int SAMPLE = 2 * 6 * 6;

    static TrainingPlan plan(final String network, final String rule, final String optimizer) {
        String text = NETWORKS + "train " + network + " { data idx(images: \"a\", labels: \"b\", test_images: \"c\", "
            + "test_labels: \"d\") rule " + rule + " optimizer " + optimizer + " }\n";
        Diagnostics d = new Diagnostics();
        CheckedProgram p = FrontEnd.check(Path.of("interp.locus"), text, d)
            .orElseThrow(() -> new AssertionError(d.all().toString()));
        return p.plans().get(0);
    }

    static Interpreter interpreter(final String network, final String rule, final long seed) {
        TrainingPlan plan = plan(network, rule, "sgd(0.1)");
        return new Interpreter(Compilation.lower(plan), seed);
    }

    static double[] images(final Random r, final int batch) {
        double[] x = new double[batch * SAMPLE];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    static int[] labels(final Random r, final int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(3);
        }
        return y;
    }

    /**
     * The gradient each APPLY_UPDATE gives a parameter is the derivative of the loss the rule says:
     * the layer's own local loss under local_error, the output's loss under backprop.
     */
    @ParameterizedTest
    @ValueSource(strings = {"local_error", "local_error(loss: mse)", "local_error(loss: smooth_l1)", "backprop"})
    void updatesUseTheDerivativeOfTheRulesLoss(final String rule) {
        Interpreter it = interpreter("Net", rule, 3);
        IrGraph graph = it.graph();
        Random r = new Random(17);
        double[] images = images(r, BATCH);
        int[] labels = labels(r, BATCH);
        for (int i = 0; i < it.layers().size(); i++) {
            it.setTrainable(i, false);
        }
        it.trainStep(images, labels, BATCH);
        String output = it.layers().get(it.layers().size() - 1);
        int checked = 0;
        for (IrBlock block : graph.blocks()) {
            for (IrOp op : block.ops()) {
                if (op.kind() != OpKind.APPLY_UPDATE) {
                    continue;
                }
                IrValue p = op.input(0);
                Tensor gradient = it.value(op.input(1)).copy();
                String lossLayer = rule.equals("backprop") ? output : p.layer();
                GradientCheck.assertGradient(rule + ": " + p.name(), it.parameter(p.name()), t -> {
                    it.trainStep(images, labels, BATCH);
                    return it.localLoss(lossLayer).orElseThrow();
                }, gradient);
                checked++;
            }
        }
        assertEquals(graph.parameters().size(), checked, "every parameter has an update");
    }

    @Test
    void theSameSeedGivesBitIdenticalParametersAndAnotherSeedOthers() {
        double[][] first = trainThreeSteps(5);
        double[][] second = trainThreeSteps(5);
        double[][] other = trainThreeSteps(6);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0.0);
        }
        assertFalse(java.util.Arrays.equals(first[0], other[0]), "another seed, other weights");
    }

    private static double[][] trainThreeSteps(final long seed) {
        TrainingPlan plan = plan("Drop", "local_error", "adam(lr: 0.01)");
        Interpreter it = new Interpreter(Compilation.lower(plan), seed);
        Random r = new Random(1);
        for (int step = 0; step < 3; step++) {
            it.trainStep(images(r, BATCH), labels(r, BATCH), BATCH);
        }
        return it.parameterNames().stream().map(n -> it.parameter(n).data().clone()).toArray(double[][]::new);
    }

    @Test
    void parametersStartFromTheirInitializersKeyedBySeedLayerAndName() {
        Interpreter it = interpreter("Net", "local_error", 9);
        for (IrValue p : it.graph().parameters()) {
            double[] values = it.parameter(p.name()).data();
            String kind = it.graph().init(p).kind();
            String name = p.name().substring(p.layer().length() + 1);
            float[] expected = new float[values.length];
            switch (kind) {
                case "he_uniform" -> Initializer.heUniform().fill(expected, it.graph().init(p).fanIn(), 0,
                    SeededRandom.forKey(9, p.layer(), name));
                case "xavier_uniform" -> Initializer.xavierUniform().fill(expected, it.graph().init(p).fanIn(),
                    it.graph().init(p).fanOut(), SeededRandom.forKey(9, p.layer(), name));
                case "ones" -> java.util.Arrays.fill(expected, 1f);
                default -> assertEquals("zeros", kind);
            }
            for (int i = 0; i < values.length; i++) {
                assertEquals(expected[i], values[i], 0.0, p.name() + "[" + i + "] (" + kind + ")");
            }
        }
        double bound = Math.sqrt(6.0 / (2 * 3 * 3));
        for (double w : it.parameter("c1.weight").data()) {
            assertTrue(Math.abs(w) <= bound, "he_uniform within sqrt(6 / fan_in)");
        }
    }

    @Test
    void sgdMovesEveryParameterAgainstItsGradientAndAFrozenLayerNotAtAll() {
        Interpreter it = interpreter("Net", "local_error", 4);
        it.setTrainable(1, false);
        Random r = new Random(2);
        double[][] before = it.parameterNames().stream().map(n -> it.parameter(n).data().clone()).toArray(double[][]::new);
        it.trainStep(images(r, BATCH), labels(r, BATCH), BATCH);
        assertEquals(1, it.steps());
        assertTrue(it.localLoss("fc1").isPresent(), "a frozen layer still reports its local loss");
        for (IrBlock block : it.graph().blocks()) {
            for (IrOp op : block.ops()) {
                if (op.kind() != OpKind.APPLY_UPDATE) {
                    continue;
                }
                IrValue p = op.input(0);
                double[] old = before[it.parameterNames().indexOf(p.name())];
                double[] now = it.parameter(p.name()).data();
                double[] g = it.value(op.input(1)).data();
                for (int i = 0; i < now.length; i++) {
                    double expected = p.layer().equals("fc1") ? old[i] : old[i] - 0.1 * g[i];
                    assertEquals(expected, now[i], 0.0, p.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void trainingOnOneBatchDrivesEveryLocalLossDownAndPredictionNeedsNoLabels() {
        TrainingPlan plan = plan("Net", "local_error", "adam(lr: 0.02)");
        Interpreter it = new Interpreter(Compilation.lower(plan), 2);
        Random r = new Random(3);
        int batch = 8;
        double[] images = images(r, batch);
        int[] labels = labels(r, batch);
        it.trainStep(images, labels, batch);
        double firstOut = it.localLoss("out").orElseThrow();
        double firstC1 = it.localLoss("c1").orElseThrow();
        for (int step = 0; step < 60; step++) {
            it.trainStep(images, labels, batch);
        }
        assertTrue(it.localLoss("out").orElseThrow() < 0.5 * firstOut, "output loss from " + firstOut);
        assertTrue(it.localLoss("c1").orElseThrow() < firstC1, "c1 loss from " + firstC1);
        Tensor a = it.predict(images, batch);
        Tensor b = it.predict(images, batch);
        assertArrayEquals(a.data(), b.data(), 0.0, "no dropout when predicting");
        int correct = 0;
        int[] predicted = Interpreter.argmax(a);
        for (int s = 0; s < batch; s++) {
            correct += predicted[s] == labels[s] ? 1 : 0;
        }
        assertTrue(correct >= batch / 2, "a memorized batch is mostly predicted right: " + correct);
    }
}
