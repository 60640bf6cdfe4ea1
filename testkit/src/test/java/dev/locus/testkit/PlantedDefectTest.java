package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Diagnostics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every property can fail: each is shown failing on a defect of its own category. Some defects are
 * rules a user can write (a wrong sign, reading the layer above); the others no correct compiler
 * lets a rule express, and are planted in the toolchain under a correct rule ({@link Defects}).
 */
class PlantedDefectTest {
    static final int TRIES = 8;

    static final String RULES = """
            // Climbs its own loss: a wrong sign.
            rule wrong_sign(scale = 1.0) {
                hidden {
                    fixed B = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    minimize -cross_entropy(flatten(layer.out) @ B, label)
                }
                output {
                    minimize -cross_entropy(layer.out, label)
                }
            }

            // A local loss, and the error of the layer above besides: not local.
            rule reads_above(scale = 1.0) {
                hidden {
                    fixed B = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    minimize cross_entropy(flatten(layer.out) @ B, label)
                    propagate(feedback: transpose)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    private static RuleCheck rule(final String call) {
        return RuleKit.forSource(Path.of("planted.locus"), RULES).rule(call).tries(TRIES).seed(3);
    }

    @Test
    void aRuleThatClimbsItsLossDoesNotLearn() {
        PropertyResult r = rule("wrong_sign").assertFails(Property.LEARNS);
        assertTrue(r.detail().startsWith("test accuracy "), r.detail());
        // It descends what it minimizes, faithfully: only learning shows the sign is wrong.
        assertTrue(rule("wrong_sign").check(Property.DESCENT).passed());
        assertTrue(rule("wrong_sign").check(Property.GRADIENT).passed());
    }

    @Test
    void aRuleThatReadsTheLayerAboveFailsBothLocalityPropertiesWhenLocalityIsRequired() {
        PropertyResult statically = rule("reads_above").requireLocal().assertFails(Property.LOCALITY_STATIC);
        assertTrue(statically.detail().contains("reads out's error") || statically.detail().contains("error"),
                statically.detail());
        rule("reads_above").requireLocal().assertFails(Property.LOCALITY_NUMERIC);
        // Not required: the rule says it propagates, and the kit leaves locality alone.
        assertEquals(PropertyResult.Status.SKIPPED, rule("reads_above").check(Property.LOCALITY_STATIC).status());
        assertEquals(PropertyResult.Status.SKIPPED, rule("reads_above").check(Property.LOCALITY_NUMERIC).status());
        // What it minimizes and propagates is still a true gradient: of its own loss and the losses above.
        assertTrue(rule("reads_above").check(Property.GRADIENT).passed());
    }

    @Test
    void aGradientThatIsNotTheDerivativeFailsTheGradientAndTheDescent() {
        PropertyResult g = rule("local_error").tamper(Defects.negatedGradient()).assertFails(Property.GRADIENT);
        assertTrue(g.detail().contains("central differences"), g.detail());
        PropertyResult d = rule("local_error").tamper(Defects.negatedGradient()).assertFails(Property.DESCENT);
        assertTrue(d.detail().contains("raised"), d.detail());
    }

    @Test
    void aFixedTensorRedrawnInTrainingFailsTheFixedTensorProperty() {
        PropertyResult r = rule("local_error").tamper(Defects.redrawnFixedTensors())
                .assertFails(Property.FIXED_TENSORS);
        assertTrue(r.detail().contains("changed in training step 1"), r.detail());
        assertTrue(rule("local_error").check(Property.FIXED_TENSORS).passed());
    }

    /**
     * A user cannot write a redraw: random functions are allowed only in {@code fixed}, whose INIT
     * block runs once; a {@code let} of {@code uniform(...)}, which would be drawn at every step, is
     * refused by the checker.
     */
    @Test
    void theLanguageRefusesADrawThatWouldRepeatAtEveryStep() {
        String redraw = """
                rule redraw() {
                    hidden {
                        let B = uniform(features(layer.out), classes, 1.0)
                        minimize cross_entropy(flatten(layer.out) @ B, label)
                    }
                    output { minimize cross_entropy(layer.out, label) }
                }
                """;
        Diagnostics d = new Diagnostics();
        FrontEnd.check(Path.of("redraw.locus"), redraw, d);
        assertTrue(d.hasErrors());
        assertEquals("RANDOM_OUTSIDE_FIXED", d.all().get(0).code().name(), d.all().toString());
        assertTrue(d.all().get(0).message().contains("draws once from the seeded generator"), d.all().toString());
        assertEquals(3, d.all().get(0).span().line());
    }

    @Test
    void anUnseededDrawFailsDeterminism() {
        PropertyResult r = rule("local_error").tamper(Defects.unseededNoise()).assertFails(Property.DETERMINISM);
        assertTrue(r.detail().startsWith("interpreter: "), r.detail());
    }

    @Test
    void aBackendThatTrainsOtherwiseFailsBackendAgreement() {
        PropertyResult r = rule("local_error").tamper(Defects.jvmNegatedGradient())
                .assertFails(Property.BACKENDS_AGREE);
        assertTrue(r.detail().contains("on jvm"), r.detail());
        assertFalse(rule("local_error").check(Property.BACKENDS_AGREE).failed());
    }
}
