package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A nondeterministic rule cannot be written in Locus: every random value a program can reach (its
 * initial weights, `fixed` draws of `uniform` and `normal`, `sign_concordant` copies, the feedback
 * matrices of `propagate(feedback: random(...))`, dropout masks) comes from the one seeded
 * generator, keyed by (seed, layer, purpose) (docs/RANDOM.md); rule functions are pure, the
 * language has no clock, no unseeded generator and no I/O, and a draw outside `fixed` is refused
 * (PlantedDefectTest). So the most random rule one can write, on a network with dropout, is as
 * deterministic as any; the property's own failure is shown on a planted unseeded draw instead.
 */
class NondeterminismTest {
    static final String MOST_RANDOM = """
            rule every_draw(scale = 1.0) {
                hidden {
                    fixed B = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    fixed N = normal(features(layer.out), classes, 0.5)
                    fixed F = sign_concordant(B, 0.5)
                    minimize cross_entropy(fa_matmul(flatten(layer.out), B, F) + flatten(layer.out) @ N, label)
                    propagate(feedback: random(scale))
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }

            network Dropped {
                input  image : [1, 4, 4]
                classes 3
                layer  fc1 = flatten -> dense(6) -> relu -> dropout(0.3)
                layer  fc2 = dense(5) -> tanh -> dropout(0.5)
                output out = dense(classes)
            }

            train Dropped {
                data      idx(images: "a", labels: "b", test_images: "c", test_labels: "d")
                rule      every_draw
                optimizer adam(lr: 0.01)
                batch     4
                epochs    1
                seed      5
            }
            """;

    @Test
    void theMostRandomRuleOneCanWriteIsDeterministicUnderItsSeed() {
        RuleCheck check = RuleKit.forSource(Path.of("random.locus"), MOST_RANDOM).rule("every_draw").tries(8);
        PropertyResult r = check.check(Property.DETERMINISM);
        assertTrue(r.passed(), r.line());
        // The file's own network, with its dropout, was one of the cases.
        assertEquals(1 + 8 / 4, r.tries());
        assertTrue(check.check(Property.FIXED_TENSORS).passed());
    }

    @Test
    void theGradientOfANetworkWithDropoutIsCheckedUnderOneMask() {
        // Every evaluation of a finite difference sees the masks of the same step: one function.
        RuleCheck check = RuleKit.forSource(Path.of("random.locus"), MOST_RANDOM).rule("every_draw").tries(0);
        PropertyResult r = check.check(Property.GRADIENT);
        assertTrue(r.passed(), r.line());
        assertEquals(1, r.tries());
        PropertyResult descent = check.check(Property.DESCENT);
        assertTrue(descent.passed(), descent.line());
    }
}
