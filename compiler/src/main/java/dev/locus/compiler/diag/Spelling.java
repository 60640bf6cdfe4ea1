package dev.locus.compiler.diag;

import java.util.Collection;
import java.util.Optional;

/** What a misspelt word was probably meant to be: the "did you mean" of the parser and the checker. */
public final class Spelling {
    private Spelling() {
    }

    /** The candidate closest to {@code word} within {@code maxDistance} edits, if any (the first of equals). */
    public static Optional<String> closest(final String word, final Collection<String> candidates,
                                           final int maxDistance) {
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    public static int distance(final String a, final String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
