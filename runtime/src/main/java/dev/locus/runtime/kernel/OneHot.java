package dev.locus.runtime.kernel;

import java.util.Arrays;

/** Integer class labels as one-hot rows: the IR's ONEHOT. */
public final class OneHot {
    private OneHot() {
    }

    /**
     * {@code out[b, c] = 1} where {@code c == labels[b]}, else 0, for {@code batch} labels;
     * a label outside {@code [0, classes)} is refused, naming it.
     */
    public static void encode(final int[] labels, final int labelOff, final int batch, final int classes,
                              final float[] out, final int outOff) {
        Checks.nonNegative("batch", batch);
        Checks.positive("classes", classes);
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labelOff < 0 || labelOff + (long) batch > labels.length) {
            throw new IllegalArgumentException("labels is too short: needs " + batch + " labels from offset "
                    + labelOff + ", got " + labels.length + " in all");
        }
        Checks.range("out", out, outOff, (long) batch * classes);
        for (int b = 0; b < batch; b++) {
            int label = labels[labelOff + b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("labels[" + (labelOff + b) + "] = " + label
                        + " is not a class in [0, " + classes + ")");
            }
        }
        Arrays.fill(out, outOff, outOff + batch * classes, 0f);
        for (int b = 0; b < batch; b++) {
            out[outOff + b * classes + labels[labelOff + b]] = 1f;
        }
    }
}
