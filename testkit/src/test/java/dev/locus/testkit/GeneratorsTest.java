package dev.locus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generators users reuse make what they promise. */
class GeneratorsTest {
    private static final String TRAIN = "\ntrain Net {\n    data " + RuleSource.NO_DATA
            + "\n    rule local_error\n    optimizer sgd(lr: 0.1)\n    batch 2\n    epochs 1\n    seed 1\n}\n";

    @Test
    void everyGeneratedNetworkAndEverySmallerOneChecksAndCompiles() {
        qt().withFixedSeed(5).withExamples(60).forAll(Generators.networks()).checkAssert(n -> {
            compiles(n);
            n.smaller().forEach(GeneratorsTest::compiles);
        });
        qt().withFixedSeed(6).withExamples(30).forAll(Generators.learningNetworks()).checkAssert(n -> {
            compiles(n);
            assertTrue(n.features() >= n.classes(), n.toString());
        });
    }

    private static void compiles(final NetworkSpec n) {
        Diagnostics d = new Diagnostics();
        var result = Compilation.compile(Path.of("gen.locus"), n.toLocus("Net") + TRAIN, d);
        assertTrue(result.isPresent() && !d.hasErrors(), d.all() + "\n" + n);
        assertEquals(n.hidden().size() + 1, result.get().units().get(0).graph().network().layerNames().size());
    }

    @Test
    void smoothNetworksHaveNoKinkedActivation() {
        qt().withFixedSeed(7).withExamples(40).forAll(Generators.smoothNetworks()).checkAssert(n -> {
            String s = n.toLocus("Net");
            assertTrue(!s.contains("relu"), s);
        });
    }

    @Test
    void clustersAreSeparableByTheirCentres() {
        // The nearest class mean of the training part classifies the test part: the task is easy, as promised.
        qt().withFixedSeed(8).withExamples(30).forAll(Generators.learningNetworks(), Generators.seeds())
                .checkAssert((n, seed) -> {
                    ClusterData train = ClusterData.draw(n.features(), n.classes(), 40 * n.classes(), seed, 0);
                    ClusterData test = ClusterData.draw(n.features(), n.classes(), 25 * n.classes(), seed, 1);
                    double[][] mean = new double[n.classes()][n.features()];
                    int[] count = new int[n.classes()];
                    for (int s = 0; s < train.count(); s++) {
                        count[train.labels()[s]]++;
                        for (int i = 0; i < n.features(); i++) {
                            mean[train.labels()[s]][i] += train.images()[s * n.features() + i];
                        }
                    }
                    int right = 0;
                    for (int s = 0; s < test.count(); s++) {
                        int best = 0;
                        double bestDistance = Double.POSITIVE_INFINITY;
                        for (int c = 0; c < n.classes(); c++) {
                            double d = 0;
                            for (int i = 0; i < n.features(); i++) {
                                double x = test.images()[s * n.features() + i] - mean[c][i] / count[c];
                                d += x * x;
                            }
                            if (d < bestDistance) {
                                bestDistance = d;
                                best = c;
                            }
                        }
                        right += best == test.labels()[s] ? 1 : 0;
                    }
                    assertTrue(right >= 0.95 * test.count(), right + " of " + test.count());
                });
    }
}
