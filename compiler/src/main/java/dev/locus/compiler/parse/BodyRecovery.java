package dev.locus.compiler.parse;

import dev.locus.grammar.LocusParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery, except between the statements of a `{ ... }` body. There ANTLR gave up the
 * whole declaration at a bad first statement, and skipped any other one up to the next `}`, even
 * one that closes a `{ ... }` of the bad statement's own: after `hiden { ... }` that `}` closed
 * the rule, and the next section was reported as a second error. Here a bad statement is skipped,
 * its braces balanced, up to the next statement or the body's own `}`.
 */
final class BodyRecovery extends DefaultErrorStrategy {

    @Override
    public void sync(final Parser recognizer) {
        ATNState state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
        boolean betweenStatements = state.getStateType() == ATNState.STAR_LOOP_ENTRY
                || state.getStateType() == ATNState.STAR_LOOP_BACK;
        if (!betweenStatements || !isBody(recognizer.getContext()) || inErrorRecoveryMode(recognizer)) {
            super.sync(recognizer);
            return;
        }
        int next = recognizer.getInputStream().LA(1);
        IntervalSet possible = recognizer.getATN().nextTokens(state);
        if (possible.contains(next) || possible.contains(Token.EPSILON) || singleTokenDeletion(recognizer) != null) {
            return;
        }
        reportUnwantedToken(recognizer);
        skipBalanced(recognizer, recognizer.getExpectedTokens().or(getErrorRecoverySet(recognizer)));
    }

    /** Consumes tokens up to one in {@code stop} that is not inside a `{ ... }` opened on the way. */
    private static void skipBalanced(final Parser recognizer, final IntervalSet stop) {
        int depth = 0;
        for (int t = recognizer.getInputStream().LA(1); t != Token.EOF && (depth > 0 || !stop.contains(t));
             t = recognizer.getInputStream().LA(1)) {
            if (t == LocusParser.LBRACE) {
                depth++;
            } else if (t == LocusParser.RBRACE) {
                depth--;
            }
            recognizer.consume();
        }
    }

    private static boolean isBody(final ParserRuleContext context) {
        return context instanceof LocusParser.NetworkDeclContext || context instanceof LocusParser.RuleDeclContext
                || context instanceof LocusParser.RuleSectionContext || context instanceof LocusParser.TrainDeclContext;
    }
}
