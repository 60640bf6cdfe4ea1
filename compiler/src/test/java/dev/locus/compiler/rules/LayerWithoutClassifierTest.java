package dev.locus.compiler.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.runtime.checkpoint.Provenances;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.LayerReport;
import dev.locus.runtime.train.ReportFormat;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.TrainableModel;
import dev.locus.runtime.train.TrainingDriver;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A hidden layer whose rule minimizes something that judges no class scores (direct random
 * target projection: a product of its output with the projected target) has a loss to report but
 * no classifier: every backend reports its loss and no accuracy, never an accuracy of 0, while the
 * output layer, judged by the network's prediction, reports both.
 */
class LayerWithoutClassifierTest {
    static final String PROGRAM = """
            rule drtp(scale = 1.0) {
                hidden {
                    fixed B = uniform(classes, features(layer.out), scale)
                    minimize mean(flatten(layer.out) * onehot(label, classes) @ B) * features(layer.out)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            network Small {
                input  image : [1, 28, 28]
                classes 10
                layer  fc1 = flatten -> dense(8) -> tanh
                layer  fc2 = dense(6) -> tanh
                output out = dense(classes)
            }
            train Small {
                data      fashion_mnist
                rule      drtp
                optimizer adam(lr: 0.01)
                batch     16
                epochs    2
                seed      1
            }
            """;

    @Test
    void hiddenLayersReportTheirLossAndNoAccuracyAndTheOutputLayerBothOnEveryBackend() {
        DataSet data = DataLoader.loadSample().limit(64);
        assertEquals(List.of("interp", "jvm"), Backends.available().stream().map(Backend::name).sorted().toList());
        for (Backend backend : Backends.available()) {
            TrainingPlan plan = Pipeline.plan(PROGRAM);
            TrainableModel model = backend.model(Compilation.lower(plan));
            String on = " on " + backend.name();
            for (int layer = 0; layer < 3; layer++) {
                assertTrue(model.hasLocalLoss(layer), "every layer minimizes something" + on);
            }
            assertEquals(List.of(false, false, true), List.of(model.hasLocalClassifier(0), model.hasLocalClassifier(1),
                    model.hasLocalClassifier(2)), "only the output layer has class scores" + on);
            List<EpochReport> reports = new TrainingDriver(model, data,
                    new dev.locus.runtime.train.TrainingPlan(Provenances.of("Small"), plan.batch(),
                            new Schedule.Simultaneous(plan.epochs()), plan.seed(), Optional.empty())).run(r -> { });
            assertEquals(2, reports.size());
            for (EpochReport r : reports) {
                for (LayerReport hidden : r.layers().subList(0, 2)) {
                    assertTrue(hidden.localLoss().isPresent() && Double.isFinite(hidden.localLoss().getAsDouble()),
                            hidden + on);
                    assertFalse(hidden.localAccuracy().isPresent(), "no classifier, no accuracy: " + hidden + on);
                    assertTrue(ReportFormat.json(r).contains("{\"name\":\"" + hidden.name() + "\",\"local_loss\":"
                            + hidden.localLoss().getAsDouble() + ",\"local_accuracy\":null}"), ReportFormat.json(r));
                }
                LayerReport out = r.layers().get(2);
                assertTrue(out.localLoss().getAsDouble() > 0, out + on);
                assertTrue(out.localAccuracy().getAsDouble() > 0, "the output layer is judged by the prediction: "
                        + out + on);
            }
        }
    }
}
