package dev.locus.runtime.train;

import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;
import java.util.List;

/**
 * A two-layer network written with plain loops, to drive the driver: a hidden dense + relu layer
 * trained by the cross-entropy of its fixed random classifier B (local error), and a dense output
 * layer trained by its own cross-entropy. Plain SGD.
 */
class LocalErrorMlp implements TrainableModel {
    private final int in;
    private final int hidden;
    private final int classes;
    private final float lr;
    private final float[] w1;
    private final float[] b1;
    private final float[] fixedB;
    private final float[] w2;
    private final float[] b2;
    private final float[] gw1;
    private final float[] gb1;
    private final float[] gw2;
    private final float[] gb2;
    private final float[] z1;
    private final float[] h;
    private final float[] dh;
    private final double[] scores;
    private final boolean[] trainable = {true, true};

    LocalErrorMlp(final int in, final int hidden, final int classes, final float lr, final long seed) {
        this.in = in;
        this.hidden = hidden;
        this.classes = classes;
        this.lr = lr;
        w1 = new float[hidden * in];
        b1 = new float[hidden];
        fixedB = new float[hidden * classes];
        w2 = new float[classes * hidden];
        b2 = new float[classes];
        Initializer.heUniform().fill(w1, in, hidden, SeededRandom.forKey(seed, "hidden", "weight"));
        Initializer.heUniform().fill(w2, hidden, classes, SeededRandom.forKey(seed, "out", "weight"));
        SeededRandom.forKey(seed, "hidden", "B").fillUniform(fixedB, (float) (1 / Math.sqrt(hidden)));
        gw1 = new float[w1.length];
        gb1 = new float[hidden];
        gw2 = new float[w2.length];
        gb2 = new float[classes];
        z1 = new float[hidden];
        h = new float[hidden];
        dh = new float[hidden];
        scores = new double[classes];
    }

    @Override
    public List<String> layerNames() {
        return List.of("hidden", "out");
    }

    @Override
    public void setTraining(final boolean training) {
        // No dropout or batch norm here: both behaviours are the same.
    }

    @Override
    public void setTrainable(final int layer, final boolean on) {
        trainable[layer] = on;
    }

    @Override
    public boolean hasLocalLoss(final int layer) {
        return true;
    }

    private void hiddenForward(final float[] images, final int offset) {
        for (int j = 0; j < hidden; j++) {
            float z = b1[j];
            for (int k = 0; k < in; k++) {
                z += w1[j * in + k] * images[offset + k];
            }
            z1[j] = z;
            h[j] = Math.max(0f, z);
        }
    }

    /** scores = softmax(logits) in place; returns the argmax. */
    private int softmax(final double[] logits) {
        int best = 0;
        double max = logits[0];
        for (int c = 1; c < classes; c++) {
            if (logits[c] > max) {
                max = logits[c];
                best = c;
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < classes; c++) {
            logits[c] /= sum;
        }
        return best;
    }

    @Override
    public void trainStep(final float[] images, final int[] labels, final int count, final StepStats stats) {
        java.util.Arrays.fill(gw1, 0);
        java.util.Arrays.fill(gb1, 0);
        java.util.Arrays.fill(gw2, 0);
        java.util.Arrays.fill(gb2, 0);
        double loss1 = 0;
        double loss2 = 0;
        int right1 = 0;
        int right2 = 0;
        for (int s = 0; s < count; s++) {
            final int offset = s * in;
            final int y = labels[s];
            hiddenForward(images, offset);
            // Hidden layer: its own loss through the fixed classifier; nothing flows from above.
            for (int c = 0; c < classes; c++) {
                double v = 0;
                for (int j = 0; j < hidden; j++) {
                    v += h[j] * fixedB[j * classes + c];
                }
                scores[c] = v;
            }
            if (softmax(scores) == y) {
                right1++;
            }
            loss1 -= Math.log(scores[y]);
            for (int j = 0; j < hidden; j++) {
                double d = 0;
                for (int c = 0; c < classes; c++) {
                    d += fixedB[j * classes + c] * (scores[c] - (c == y ? 1 : 0));
                }
                dh[j] = z1[j] > 0 ? (float) d / count : 0f;
                gb1[j] += dh[j];
                for (int k = 0; k < in; k++) {
                    gw1[j * in + k] += dh[j] * images[offset + k];
                }
            }
            // Output layer.
            for (int c = 0; c < classes; c++) {
                double v = b2[c];
                for (int j = 0; j < hidden; j++) {
                    v += w2[c * hidden + j] * h[j];
                }
                scores[c] = v;
            }
            if (softmax(scores) == y) {
                right2++;
            }
            loss2 -= Math.log(scores[y]);
            for (int c = 0; c < classes; c++) {
                final float d = (float) (scores[c] - (c == y ? 1 : 0)) / count;
                gb2[c] += d;
                for (int j = 0; j < hidden; j++) {
                    gw2[c * hidden + j] += d * h[j];
                }
            }
        }
        if (trainable[0]) {
            descend(w1, gw1);
            descend(b1, gb1);
        }
        if (trainable[1]) {
            descend(w2, gw2);
            descend(b2, gb2);
        }
        stats.record(0, loss1 / count, right1);
        stats.record(1, loss2 / count, right2);
    }

    private void descend(final float[] p, final float[] g) {
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * g[i];
        }
    }

    @Override
    public void predict(final float[] images, final int count, final int[] predicted) {
        for (int s = 0; s < count; s++) {
            hiddenForward(images, s * in);
            for (int c = 0; c < classes; c++) {
                double v = b2[c];
                for (int j = 0; j < hidden; j++) {
                    v += w2[c * hidden + j] * h[j];
                }
                scores[c] = v;
            }
            predicted[s] = softmax(scores);
        }
    }

    /** Plain SGD without momentum keeps no state between steps. */
    @Override
    public List<NamedTensor> state() {
        return List.of();
    }

    @Override
    public List<NamedTensor> parameters() {
        return List.of(new NamedTensor("hidden.weight", new int[] {hidden, in}, w1),
            new NamedTensor("hidden.bias", new int[] {hidden}, b1),
            new NamedTensor("out.weight", new int[] {classes, hidden}, w2),
            new NamedTensor("out.bias", new int[] {classes}, b2));
    }
}
