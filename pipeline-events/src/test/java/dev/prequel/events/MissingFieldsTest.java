package dev.prequel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissingFieldsTest {

    private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void anEmptyObjectOfEveryConsumedTypeLacksItsModelOrId() {
        for (EventType type : EventType.values()) {
            List<String> missing = EventJson.read("{}", type.recordType()).missingFields();
            assertFalse(missing.isEmpty(), type + " accepted {}");
            if (type != EventType.ERROR_RAISED) {
                assertTrue(missing.contains("model"), type + ": " + missing);
            }
        }
    }

    @Test
    void namesEachMissingFieldInDeclarationOrder() {
        DatasetLanded landed = new DatasetLanded("mnist", null, " ", "train/mnist/a/", List.of(), 0, AT, "c");
        assertEquals(List.of("datasetId", "bucket", "objects"), landed.missingFields());
        assertEquals(List.of("jobId"), new TrainingRequested("mnist", null, "ds-1", null, null, null, "c")
                .missingFields());
        assertEquals(List.of("promotedAt"), new ModelPromoted("mnist", "v-1", null, null, null, "pinned", null, "c")
                .missingFields());
        assertEquals(List.of("requestId"), new PredictRequest(null, "mnist", null, "k.png", 0, null).missingFields());
    }

    @Test
    void optionalFieldsMayBeNull() {
        // A model trained from scratch has no parent, and one trained outside a job no job id.
        assertEquals(List.of(), new ModelTrained("mnist", "v-1", null, null, null, null, 1, 0.5, 1, null, null, null)
                .missingFields());
        assertEquals(List.of(), new LineCommand("mnist", "cmd-1", LineCommand.ROLLBACK, null, null, null, null)
                .missingFields());
        assertEquals(List.of(), new PipelineError("serving", "malformed-event", "m", "", "t-0@1", AT, null)
                .missingFields());
    }

    @Test
    void missingFieldsIsNotPartOfThePayload() {
        String json = EventJson.write(new ScoringLanded("mnist", "b1", "landing", List.of("score/mnist/b1/1.png"), AT,
                "c"));
        assertFalse(json.contains("missingFields"), json);
    }
}
