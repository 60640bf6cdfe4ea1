package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standard rules pass the kit: every property holds or, where it cannot apply, says why. */
class StandardRulesTest {
    private static RuleCheck rule(final String call) {
        return RuleKit.forSource(Path.of("empty.locus"), "").rule(call).tries(12).seed(7);
    }

    @Test
    void theLocalRulesPassEveryPropertyWithLocalityRequired() {
        for (String call : List.of("local_error", "local_error(loss: mse)", "local_error_sc(loss: square_hinge)")) {
            Report r = rule(call).requireLocal().check();
            assertTrue(r.passed(), r.lines());
            assertTrue(r.results().stream().allMatch(PropertyResult::passed), call + ":\n" + r.lines());
        }
    }

    @Test
    void backpropAndFeedbackAlignmentPassAndAreLeftAloneOnLocality() {
        for (String call : List.of("backprop", "feedback_alignment")) {
            Report r = rule(call).check();
            assertTrue(r.passed(), r.lines());
            assertEquals(PropertyResult.Status.SKIPPED, r.result(Property.LOCALITY_STATIC).status());
            assertTrue(r.result(Property.GRADIENT).passed(), r.lines());
            assertTrue(r.result(Property.LEARNS).passed(), r.lines());
        }
        assertEquals(PropertyResult.Status.SKIPPED, rule("backprop").check(Property.FIXED_TENSORS).status());
    }

    @Test
    void theSameSeedChecksTheSameCases() {
        assertEquals(rule("local_error").check(Property.GRADIENT), rule("local_error").check(Property.GRADIENT));
    }
}
