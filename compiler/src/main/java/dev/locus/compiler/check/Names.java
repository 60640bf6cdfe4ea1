package dev.locus.compiler.check;

import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.diag.Spelling;
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
        return Spelling.closest(name, candidates, 2);
    }

    static String suggestion(final String name, final Collection<String> candidates) {
        return closest(name, candidates).map(c -> "; did you mean `" + c + "`?").orElse("");
    }
}
