package dev.prequel.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    /** model.json's history as trainers write it, one of them with the per-epoch test accuracy a trainer may add. */
    @Test
    void theLearningCurveTakesWhatEachEpochRecorded() {
        String json = """
                {"model":"m","version":"v-1","history":[
                  {"epoch":1,"trainLoss":1.5,"trainAccuracy":0.5,"validationAccuracy":0.0,"validationExamples":0},
                  {"epoch":2,"trainLoss":0.7,"trainAccuracy":0.8,"validationAccuracy":0.75,"validationExamples":40,
                   "testAccuracy":0.74,"validationLoss":0.8},
                  {"epoch":3,"trainLoss":"NaN","trainAccuracy":0.85,"validationAccuracy":0.8,"validationExamples":40,
                   "testAccuracy":null}]}
                """;
        List<VersionReport.Epoch> epochs = ReportWriter.epochs(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, epochs.size());
        assertNull(epochs.get(0).validationAccuracy(), "no validation split: not measured, not 0");
        assertNull(epochs.get(0).testAccuracy());
        assertEquals(new VersionReport.Epoch(2, 0.7, 0.8, 0.8, 0.75, 0.74), epochs.get(1));
        assertNull(epochs.get(2).trainLoss(), "a value that is not a finite number is a gap");
        assertNull(epochs.get(2).testAccuracy());
        assertEquals(0.8, epochs.get(2).validationAccuracy());
        assertEquals(List.of(), ReportWriter.epochs("{}".getBytes(StandardCharsets.UTF_8)));
    }
}
