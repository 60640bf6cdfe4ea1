package dev.locus.compiler.check;

import dev.locus.compiler.ast.Expr;
import java.util.Collection;
import java.util.Optional;

/** Wording shared by the checks: names of things, and "did you mean" suggestions. */
final class Names {
    private Names() {
    }

    static String describe(final Expr e) {
        if (e instanceof Expr.Ref r) {
            return r.name();
        }
        if (e instanceof Expr.Field f) {
            return describe(f.target()) + "." + f.field().text();
        }
        if (e instanceof Expr.Call c) {
            return c.callee().text() + "(...)";
        }
        return "expression";
    }

    /** The closest candidate within edit distance 2, if any. */
    static Optional<String> closest(final String name, final Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            int d = distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static String suggestion(final String name, final Collection<String> candidates) {
        return closest(name, candidates).map(c -> "; did you mean `" + c + "`?").orElse("");
    }

    private static int distance(final String a, final String b) {
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
