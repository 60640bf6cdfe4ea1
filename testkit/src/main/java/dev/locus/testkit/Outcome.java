package dev.locus.testkit;

/**
 * What a property found on one case.
 *
 * @param kind   passed, failed, or inconclusive (the case could not be checked: every batch drawn
 *               lay on a kink, say)
 * @param detail what was checked, or what failed
 * @param count  how many things were compared (elements, layers, steps), for the summary
 */
record Outcome(Kind kind, String detail, int count) {
    enum Kind { PASS, FAIL, INCONCLUSIVE }

    static Outcome pass(final int count) {
        return new Outcome(Kind.PASS, "", count);
    }

    static Outcome fail(final String why) {
        return new Outcome(Kind.FAIL, why, 0);
    }

    static Outcome inconclusive(final String why) {
        return new Outcome(Kind.INCONCLUSIVE, why, 0);
    }

    boolean failed() {
        return kind == Kind.FAIL;
    }
}
