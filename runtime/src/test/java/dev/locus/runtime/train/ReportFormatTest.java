package dev.locus.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    private static EpochReport report(final double loss, final List<String> trained) {
        return new EpochReport("Mlp", 3, 12, Optional.empty(), trained, 0.8125, 51234.5, 1.25,
            List.of(LayerReport.local("fc1", loss, 0.75), LayerReport.local("out", 0.5, 0.8)));
    }

    @Test
    void jsonHasExactlyTheDocumentedFields() {
        assertEquals("{\"network\":\"Mlp\",\"epoch\":3,\"epochs\":12,\"phase\":null,\"test_accuracy\":0.8125,"
                + "\"images_per_second\":51234.5,\"train_seconds\":1.25,"
                + "\"layers\":[{\"name\":\"fc1\",\"local_loss\":0.4312,\"local_accuracy\":0.75},"
                + "{\"name\":\"out\",\"local_loss\":0.5,\"local_accuracy\":0.8}]}",
            ReportFormat.json(report(0.4312, List.of("fc1", "out"))));
    }

    @Test
    void aLayerwisePhaseIsTheLayerTrainingAloneAndAPropagatingLayerHasNullLossAndAccuracy() {
        final EpochReport layerwise = new EpochReport("Deep", 5, 6, Optional.of(new EpochReport.Phase("fc2", 2, 3)),
            List.of("fc2"), 0.5, 100, 2, List.of(LayerReport.propagating("fc1"), LayerReport.local("fc2", 0.25, 0.5),
                LayerReport.local("out", 1, 0.125)));
        assertEquals("{\"network\":\"Deep\",\"epoch\":5,\"epochs\":6,\"phase\":{\"layer\":\"fc2\",\"index\":2,"
                + "\"of\":3},\"test_accuracy\":0.5,\"images_per_second\":100.0,\"train_seconds\":2.0,"
                + "\"layers\":[{\"name\":\"fc1\",\"local_loss\":null,\"local_accuracy\":null},"
                + "{\"name\":\"fc2\",\"local_loss\":0.25,\"local_accuracy\":0.5},"
                + "{\"name\":\"out\",\"local_loss\":1.0,\"local_accuracy\":0.125}]}", ReportFormat.json(layerwise));
        assertEquals("epoch 5/6  test  50.00%       100 img/s     2.00 s  [fc2]  fc1 loss - acc -"
            + "  fc2 loss 0.2500 acc 50.00%  out loss 1.0000 acc 12.50%", ReportFormat.progress(layerwise));
        assertEquals("phase 4 of 3", assertThrows(IllegalArgumentException.class,
            () -> new EpochReport.Phase("x", 4, 3)).getMessage());
    }

    @Test
    void aLayerWithALossButNoClassifierHasItsLossAndANullAccuracy() {
        final EpochReport drtp = new EpochReport("Mlp", 1, 2, Optional.empty(), List.of("fc1", "out"), 0.5, 100, 2,
            List.of(LayerReport.withoutClassifier("fc1", -0.25), LayerReport.local("out", 1, 0.125)));
        assertEquals("{\"network\":\"Mlp\",\"epoch\":1,\"epochs\":2,\"phase\":null,\"test_accuracy\":0.5,"
                + "\"images_per_second\":100.0,\"train_seconds\":2.0,"
                + "\"layers\":[{\"name\":\"fc1\",\"local_loss\":-0.25,\"local_accuracy\":null},"
                + "{\"name\":\"out\",\"local_loss\":1.0,\"local_accuracy\":0.125}]}", ReportFormat.json(drtp));
        assertEquals("epoch 1/2  test  50.00%       100 img/s     2.00 s  fc1 loss -0.2500 acc -"
            + "  out loss 1.0000 acc 12.50%", ReportFormat.progress(drtp));
        assertEquals("layer fc1 has a local accuracy but no local loss", assertThrows(IllegalArgumentException.class,
            () -> new LayerReport("fc1", java.util.OptionalDouble.empty(), java.util.OptionalDouble.of(0.5))).getMessage());
    }

    @Test
    void jsonEscapesNamesAndRefusesNonFiniteNumbers() {
        final EpochReport odd = new EpochReport("N\"et", 1, 1, Optional.empty(), List.of(), 0, 1e-7, 2,
            List.of(LayerReport.local("a\"b\\c\u0001", 1, 1)));
        assertEquals("{\"network\":\"N\\\"et\",\"epoch\":1,\"epochs\":1,\"phase\":null,\"test_accuracy\":0.0,"
            + "\"images_per_second\":1.0E-7,\"train_seconds\":2.0,"
            + "\"layers\":[{\"name\":\"a\\\"b\\\\c\\u0001\",\"local_loss\":1.0,\"local_accuracy\":1.0}]}",
            ReportFormat.json(odd));
        assertThrows(IllegalArgumentException.class, () -> ReportFormat.json(report(Double.NaN, List.of())));
    }

    @Test
    void progressShowsTheTrainedLayersOnlyWhenNotAllTrain() {
        assertEquals("epoch  3/12  test  81.25%     51235 img/s     1.25 s  fc1 loss 0.4312 acc 75.00%"
            + "  out loss 0.5000 acc 80.00%", ReportFormat.progress(report(0.4312, List.of("fc1", "out"))));
        assertEquals("epoch  3/12  test  81.25%     51235 img/s     1.25 s  [fc1]  fc1 loss 0.4312 acc 75.00%"
            + "  out loss 0.5000 acc 80.00%", ReportFormat.progress(report(0.4312, List.of("fc1"))));
    }
}
