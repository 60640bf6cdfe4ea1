package dev.locus.runtime.model;

/** Reading classes off score rows ({@code [count, classes]}, row-major). */
public final class Scores {
    private Scores() {
    }

    /** The index of the largest score of row {@code row}; the first one on a tie. */
    public static int argmax(final float[] scores, final int row, final int classes) {
        final int start = row * classes;
        int best = 0;
        float max = scores[start];
        for (int c = 1; c < classes; c++) {
            if (scores[start + c] > max) {
                max = scores[start + c];
                best = c;
            }
        }
        return best;
    }

    /** How many of the first {@code count} rows have their largest score at their label. */
    public static int correct(final float[] scores, final int count, final int classes, final int[] labels) {
        int right = 0;
        for (int i = 0; i < count; i++) {
            if (argmax(scores, i, classes) == labels[i]) {
                right++;
            }
        }
        return right;
    }
}
