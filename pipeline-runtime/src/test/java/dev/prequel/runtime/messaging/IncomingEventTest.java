package dev.prequel.runtime.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.CloudEventHeaders;
import dev.prequel.events.EventJson;
import dev.prequel.events.EventType;
import dev.prequel.events.PipelineEvent;
import dev.prequel.events.TrainingRequested;
import dev.prequel.events.storage.S3EventNotification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class IncomingEventTest {

    private static final TrainingRequested JOB = new TrainingRequested("mnist", "job-1", "ds-1", null, List.of(),
            List.of("0", "1"), "c");
    private static final String S3_EVENT = """
            {"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"landing"},
            "object":{"key":"train/mnist/a/x.zip","size":10}}}]}""";

    private static ConsumerRecord<String, String> record(String value, String ceType) {
        RecordHeaders headers = new RecordHeaders();
        if (ceType != null) {
            headers.add(CloudEventHeaders.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
        }
        int size = value == null ? -1 : value.getBytes(StandardCharsets.UTF_8).length;
        return new ConsumerRecord<>("training.jobs", 2, 17, 0L, TimestampType.CREATE_TIME, 5, size, "mnist", value,
                headers, Optional.empty());
    }

    private static String reason(ConsumerRecord<String, String> record, Class<?> type) {
        return assertThrows(EventJson.MalformedEventException.class, () -> IncomingEvent.decode(record, type))
                .getMessage();
    }

    @Test
    void decodesAnEventWithItsOwnTypeOrWithoutAType() {
        String json = EventJson.write(JOB);
        assertEquals(JOB, IncomingEvent.decode(record(json, EventType.TRAINING_REQUESTED.ceType()),
                TrainingRequested.class));
        assertEquals(JOB, IncomingEvent.decode(record(json, null), TrainingRequested.class));
    }

    @Test
    void aWrongCeTypeNamesTheTypeFoundAndTheTypeExpected() {
        String reason = reason(record(EventJson.write(JOB), "prequel.bogus.v1"), TrainingRequested.class);
        assertTrue(reason.contains("prequel.bogus.v1") && reason.contains(EventType.TRAINING_REQUESTED.ceType()),
                reason);
        // Another event's type is as wrong as a made-up one.
        reason(record(EventJson.write(JOB), EventType.MODEL_TRAINED.ceType()), TrainingRequested.class);
    }

    @Test
    void storageEventsArePlainS3JsonAndCarryNoType() {
        S3EventNotification n = IncomingEvent.decode(record(S3_EVENT, null), S3EventNotification.class);
        assertEquals(1, n.records().size());
        String reason = reason(record(S3_EVENT, EventType.DATASET_LANDED.ceType()), S3EventNotification.class);
        assertTrue(reason.contains("none"), reason);
    }

    @Test
    void nullAndOversizedValuesAreMalformedWithoutQuotingThem() {
        assertTrue(reason(record(null, null), TrainingRequested.class).contains("null value"));
        String huge = "{\"model\":\"" + "x".repeat(IncomingEvent.MAX_VALUE_BYTES) + "\"}";
        String reason = reason(record(huge, EventType.TRAINING_REQUESTED.ceType()), TrainingRequested.class);
        assertTrue(reason.contains("exceeds the limit of " + IncomingEvent.MAX_VALUE_BYTES), reason);
        assertFalse(reason.contains("xxx"), reason);
        // Exactly at the limit is still read (and here is merely incomplete).
        String atLimit = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(IncomingEvent.MAX_VALUE_BYTES - 22) + "\"}";
        assertEquals(IncomingEvent.MAX_VALUE_BYTES, atLimit.length());
        assertTrue(reason(record(atLimit, null), TrainingRequested.class).contains("without jobId, datasetId"));
    }

    @Test
    void aParseableButIncompleteEventNamesWhatIsMissing() {
        assertEquals("TrainingRequested without model, jobId, datasetId", reason(record("{}", null),
                TrainingRequested.class));
        assertTrue(reason(record("not json", null), TrainingRequested.class).startsWith("malformed"));
    }

    @Test
    void everyEventTypeExpectsItsOwnCeType() {
        for (EventType t : EventType.values()) {
            assertEquals(t.ceType(), IncomingEvent.expectedCeType(t.recordType()));
        }
        assertEquals(null, IncomingEvent.expectedCeType(S3EventNotification.class));
        assertTrue(PipelineEvent.class.isAssignableFrom(TrainingRequested.class));
    }
}
