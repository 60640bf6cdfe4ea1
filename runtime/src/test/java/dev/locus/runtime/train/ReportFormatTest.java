package dev.locus.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    private static EpochReport report(final double loss, final List<String> trained) {
        return new EpochReport(3, 12, trained, 0.8125, 51234.5, 1.25,
            List.of(new LayerReport("fc1", loss, 0.75), new LayerReport("out", 0.5, 0.8)));
    }

    @Test
    void jsonHasExactlyTheDocumentedFields() {
        assertEquals("{\"epoch\":3,\"test_accuracy\":0.8125,\"images_per_second\":51234.5,\"train_seconds\":1.25,"
                + "\"layers\":[{\"name\":\"fc1\",\"local_loss\":0.4312,\"local_accuracy\":0.75},"
                + "{\"name\":\"out\",\"local_loss\":0.5,\"local_accuracy\":0.8}]}",
            ReportFormat.json(report(0.4312, List.of("fc1", "out"))));
    }

    @Test
    void jsonEscapesNamesAndRefusesNonFiniteNumbers() {
        final EpochReport odd = new EpochReport(1, 1, List.of(), 0, 1e-7, 2, List.of(new LayerReport("a\"b\\c\u0001", 1, 1)));
        assertEquals("{\"epoch\":1,\"test_accuracy\":0.0,\"images_per_second\":1.0E-7,\"train_seconds\":2.0,"
            + "\"layers\":[{\"name\":\"a\\\"b\\\\c\\u0001\",\"local_loss\":1.0,\"local_accuracy\":1.0}]}", ReportFormat.json(odd));
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
