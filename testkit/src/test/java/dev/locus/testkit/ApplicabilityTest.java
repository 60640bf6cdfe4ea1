package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule that does not fit every network (one that pools its layers' outputs needs feature maps)
 * is checked on the networks it fits, the others left out and said so; a rule that fits none
 * (an argument of the wrong kind) is not passed on nothing.
 */
class ApplicabilityTest {
    static final String POOLED = """
            rule pooled_local_error(loss = cross_entropy, size = 2) {
                hidden {
                    let pooled = flatten(avgpool(layer.out, size))
                    fixed B = uniform(features(pooled), classes, 1.0 / sqrt(features(pooled)))
                    minimize loss(pooled @ B, label)
                }
                output {
                    minimize loss(layer.out, label)
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aRuleForFeatureMapsIsCheckedOnTheNetworksOfFeatureMaps() {
        Report r = RuleKit.forSource(Path.of("pooled.locus"), POOLED).rule("pooled_local_error").tries(24).seed(2)
                .requireLocal().check();
        assertTrue(r.passed(), r.lines());
        for (Property p : new Property[] {Property.GRADIENT, Property.DESCENT, Property.LEARNS}) {
            PropertyResult x = r.result(p);
            assertTrue(x.passed() && x.tries() > 0, x.line());
            assertTrue(x.detail().contains("left out: the rule does not apply to such a network: avgpool "),
                    x.line());
        }
    }

    @Test
    void aRuleThatFitsNoNetworkIsAnErrorNotAPass() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.locus"), "");
        CliRun r = CliRun.of("test-rule", empty.toString(), "local_error(loss: 3)", "--tries", "2");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("no property could be checked on any network")
                && r.err().contains("`loss` is a number, not a function"), r.err());
    }
}
