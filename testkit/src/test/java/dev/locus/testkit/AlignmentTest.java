package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The angle between a rule's updates and backprop's gradient, as the literature measures it. */
class AlignmentTest {
    private static RuleCheck rule(final String call) {
        return RuleKit.forSource(Path.of("planted.locus"), PlantedDefectTest.RULES).rule(call);
    }

    @Test
    void feedbackAlignmentsHiddenUpdatesComeToAlignWithBackprop() {
        Alignment a = rule("feedback_alignment").alignmentWith("backprop");
        assertEquals(Alignment.POINTS, a.steps().size());
        assertEquals(0.0, a.layer("out").last(), 1e-6, a.table());
        // The layer under the output gets the output's error through a fixed random matrix: it starts
        // near orthogonal to backprop's gradient and, as the weights above align with that matrix, falls well below.
        Alignment.Layer fc2 = a.layer("fc2");
        assertTrue(fc2.lateMean() < 75, a.table());
        assertTrue(fc2.degrees().get(0) > fc2.lateMean(), a.table());
    }

    @Test
    void backpropIsItsOwnGradientAndAWrongSignOpposesItAtTheOutput() {
        Alignment self = rule("backprop").alignmentWith("backprop");
        for (Alignment.Layer l : self.layers()) {
            assertTrue(l.degrees().stream().allMatch(d -> d < 1e-3), self.table());
        }
        Alignment wrong = rule("wrong_sign").alignmentWith("backprop");
        assertEquals(180.0, wrong.layer("out").last(), 1e-6, wrong.table());
    }
}
