package dev.locus.examples.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.locus.testkit.Alignment;
import dev.locus.testkit.Generators;
import dev.locus.testkit.Property;
import dev.locus.testkit.PropertyResult;
import dev.locus.testkit.RuleCheck;
import dev.locus.testkit.RuleKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rules of examples/rules/, tested as a user tests their own rules with the kit: the square
 * hinge rule, the learned and the pooled classifier rules and direct random target projection
 * (plain and bounded) pass every property, locality required (the pooled rules on conv and dense
 * layers alike); the
 * deliberately wrong rule is rejected.
 */
class ExampleRulesTest {
    private static final int TRIES = 16;

    private static RuleCheck rule(final String file, final String call) {
        return RuleKit.forFile(Path.of("rules", file)).rule(call).tries(TRIES);
    }

    @Test
    void theSquareHingeRuleIsLocalAndPassesEveryProperty() {
        rule("local_hinge.locus", "local_hinge").requireLocal().assertPasses();
        rule("local_hinge.locus", "local_hinge(scale: 2.0)").requireLocal().only(Property.GRADIENT, Property.LEARNS)
                .assertPasses();
    }

    @Test
    void theLearnedClassifierRuleIsLocalAndPassesEveryProperty() {
        rule("local_learned.locus", "local_learned").requireLocal().assertPasses();
    }

    @Test
    void thePooledClassifierRulesAreLocalAndPassEveryPropertyOnConvAndDenseLayersAlike() {
        rule("pooled_local.locus", "pooled_local_error").requireLocal().assertPasses();
        rule("pooled_local.locus", "pooled_learned").requireLocal().assertPasses();
    }

    @Test
    void directRandomTargetProjectionIsLocalAndPassesEveryProperty() {
        rule("drtp.locus", "drtp").requireLocal().assertPasses();
    }

    @Test
    void boundedDirectRandomTargetProjectionIsLocalAndPassesEveryProperty() {
        rule("drtp.locus", "drtp_bounded").requireLocal().assertPasses();
    }

    @Test
    void directRandomTargetProjectionDescendsItsObjectiveOnEveryGeneratedSmoothNetwork() {
        // A property of the user's own, over the kit's generators: QuickTheories shrinks a failure itself.
        RuleCheck drtp = rule("drtp.locus", "drtp");
        qt().withFixedSeed(21).withExamples(30).forAll(Generators.smoothNetworks(), Generators.seeds())
                .checkAssert((network, seed) -> {
                    PropertyResult r = drtp.check(Property.DESCENT, network, seed);
                    assertTrue(!r.failed(), r.line() + "\n" + network);
                });
    }

    @Test
    void directRandomTargetProjectionsHiddenUpdatesAreNotBackpropsAndStillLearn() {
        Alignment a = rule("drtp.locus", "drtp").alignmentWith("backprop");
        // The output layer descends cross entropy as backprop does; the hidden layers follow a fixed
        // projection of the target, not the gradient: their angle to it stays far from 0.
        assertEquals(0.0, a.layer("out").last(), 1e-6, a.table());
        assertTrue(a.layer("fc1").lateMean() > 30, a.table());
    }

    @Test
    void theWrongRuleIsRejectedItClimbsItsLossAndDoesNotLearn() {
        RuleCheck wrong = rule("wrong_sign.locus", "wrong_sign");
        PropertyResult learns = wrong.assertFails(Property.LEARNS);
        assertTrue(learns.detail().startsWith("test accuracy "), learns.detail());
        assertTrue(learns.counterexample().isPresent());
        // Its output layer's updates point exactly against backprop's gradient.
        assertEquals(180.0, wrong.alignmentWith("backprop").layer("out").last(), 1e-6);
    }
}
