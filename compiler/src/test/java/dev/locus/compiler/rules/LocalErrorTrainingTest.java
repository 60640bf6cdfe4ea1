package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.interp.InterpretedModel;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.runtime.checkpoint.NamedDoubles;
import dev.locus.runtime.checkpoint.Provenances;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSearchPath;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.DataSource;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.TrainingDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Local-error learning learns: a two-hidden-layer MLP trained by `local_error` alone, through
 * the training driver and the interpreter, on real Fashion-MNIST images: the full set when it is
 * installed, and the sample bundled with the runtime everywhere. The hidden layers use
 * tanh: in two epochs the output layer keeps up with them better than with ReLU, with which the
 * same setting reaches 72-74%, too close to the bar for a test.
 */
class LocalErrorTrainingTest {
    static String mlp(final int width, final String optimizer, final int batch, final int epochs) {
        return mlp(width, "tanh", optimizer, batch, epochs);
    }

    static String mlp(final int width, final String activation, final String optimizer, final int batch,
                      final int epochs) {
        return """
                network FashionMLP {
                    input  image : [1, 28, 28]
                    classes 10
                    layer  fc1 = flatten -> dense(%d) -> %s
                    layer  fc2 = dense(%d) -> %s
                    output out = dense(classes)
                }
                train FashionMLP {
                    data      fashion_mnist
                    rule      local_error(loss: cross_entropy)
                    optimizer %s
                    batch     %d
                    epochs    %d
                    seed      1
                }
                """.formatted(width, activation, width, activation, optimizer, batch, epochs);
    }

    static List<EpochReport> train(final TrainingPlan plan, final DataSet data, final List<NamedDoubles> parameters) {
        IrGraph graph = Compilation.lower(plan);
        InterpretedModel model = new InterpretedModel(graph);
        var driverPlan = new dev.locus.runtime.train.TrainingPlan(Provenances.of(plan.network().name()), plan.batch(),
                new Schedule.Simultaneous(plan.epochs()), plan.seed(), Optional.empty());
        List<EpochReport> reports = new TrainingDriver(model, data, driverPlan).run(r -> { });
        parameters.addAll(model.parameters());
        return reports;
    }

    @Test
    void threeThousandFashionMnistImagesTrainAnMlpPast70PercentOnTheFullTestSet() {
        List<String> notices = new ArrayList<>();
        DataSet full = DataLoader.load(new DataSource.Named("fashion_mnist"), DataSearchPath.standard(null),
                Path.of("."), notices::add);
        // Without the full set the loader falls back to the bundled sample (500 test images): the twin
        // below covers that case, and this test has nothing to measure.
        assumeTrue(full.test().count() == 10_000, "the full Fashion-MNIST is not installed (apt-get install "
                + "dataset-fashion-mnist, or its four files in ~/.locus/data/fashion-mnist or $LOCUS_DATA); found "
                + full.name() + " with " + full.test().count() + " test images " + notices);
        DataSet data = full.limit(3000);
        assertEquals(3000, data.train().count());
        // Measured on 2 cores: 78.3% in about 6 s (under seeds 2, 3 and 4: 77.9%, 78.2%, 76.5%).
        TrainingPlan plan = Pipeline.plan(mlp(256, "adam(lr: 0.001)", 32, 2));
        long start = System.nanoTime();
        List<EpochReport> reports = train(plan, data, new ArrayList<>());
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = reports.get(reports.size() - 1).testAccuracy();
        System.out.printf("local_error MLP on 3,000 Fashion-MNIST images, 2 epochs: test accuracy %.4f in %.1f s%n",
                accuracy, seconds);
        assertEquals(2, reports.size());
        assertTrue(accuracy >= 0.70, "test accuracy " + accuracy);
    }

    @Test
    void theBundledSampleTrainsTheSameMlpPast65PercentOnItsTestImages() {
        // The twin of the test above on what every clone has: the sample's 2,000 training and 500 test
        // images, the same network and setting. Measured under seeds 1 to 16 (a temporary loop over the
        // seed line of this program): 76.4% under seed 1, the worst 73.8% (seed 4), the best 80.6%,
        // the mean 77.4%; 1.2 to 4 s a run on 2 shared cores. The bar is 9 points under the worst seed
        // and six and a half times chance (10%).
        DataSet sample = DataLoader.loadSample();
        assertEquals(2000, sample.train().count());
        assertEquals(500, sample.test().count());
        TrainingPlan plan = Pipeline.plan(mlp(256, "adam(lr: 0.001)", 32, 2));
        List<EpochReport> reports = train(plan, sample, new ArrayList<>());
        double accuracy = reports.get(reports.size() - 1).testAccuracy();
        System.out.printf("local_error MLP on the 2,000 sample images, 2 epochs: test accuracy %.4f%n", accuracy);
        assertEquals(2, reports.size());
        assertTrue(accuracy >= 0.65, "test accuracy " + accuracy + " on " + sample.test().count() + " test images");
    }

    @Test
    void theBundledSampleTrainsWellAboveChanceInOneEpochTheSameWayUnderTheSameSeed() {
        // All 2,000 training images of the sample; measured: 72.4% of its 500 test images (72.0% under seed 2).
        DataSet sample = DataLoader.loadSample();
        TrainingPlan plan = Pipeline.plan(mlp(128, "adam(lr: 0.001)", 16, 1));
        List<NamedDoubles> first = new ArrayList<>();
        List<NamedDoubles> second = new ArrayList<>();
        double accuracy = train(plan, sample, first).get(0).testAccuracy();
        double again = train(plan, sample, second).get(0).testAccuracy();
        System.out.printf("local_error MLP on the 2,000 sample images, 1 epoch: test accuracy %.4f%n", accuracy);
        assertTrue(accuracy > 0.5, "test accuracy " + accuracy + " on " + sample.test().count() + " test images");
        assertEquals(accuracy, again);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).name(), second.get(i).name());
            assertArrayEquals(first.get(i).values(), second.get(i).values(), first.get(i).name());
        }
    }
}
