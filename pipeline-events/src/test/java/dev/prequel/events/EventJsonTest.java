package dev.prequel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.storage.S3EventNotification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void roundTripsEveryEventRecord() {
        Instant at = Instant.parse("2026-11-28T12:00:00Z");
        List<PipelineEvent> events = List.of(
                new DatasetLanded("mnist", "ds-1", "landing", "train/mnist/a/", List.of("train/mnist/a/x.zip"), 10, at, "c"),
                new ScoringLanded("mnist", "b1", "landing", List.of("score/mnist/b1/1.png"), at, "c"),
                new DatasetPrepared("mnist", "ds-1", "mnist/ds-1/manifest.json", List.of("0", "1"), 1, 28, 28,
                        Map.of("train", 8, "val", 1, "test", 1), 2, 0.5, false, "c", 10, 5.0),
                new TrainingProgress("mnist", "v-1", 1, 3, 0.5, 0.8, 0.7, 900, "cpu()", "c"),
                new ModelTrained("mnist", "v-1", null, List.of("ds-1"), "ds-1", "cnn", 3, 0.9, 1000, "cpu()", "c", "job-1"),
                new ModelEvaluated("mnist", "v-1", null, 0.9, null, 0.3, null, 100, "ds-1", true, "first-model",
                        "mnist/v-1/report.json", "c", List.of("ds-1"), Map.of("p", 0.01)),
                new TrainingRequested("mnist", "job-ds-2", "ds-2", "v-1",
                        List.of(new TrainingRequested.ReplayShare("ds-1", 0.5)), List.of("0", "1"), "c"),
                new LineCommand("mnist", "cmd-1", LineCommand.PIN, "v-1", "operator", at, "c"),
                new ModelPromoted("mnist", "v-1", null, "mnist/v-1/", 0.9, "evaluation", at, "c"),
                new PredictRequest("r1", "mnist", "aGVsbG8=", null, 3, "c"),
                new Prediction("r1", "mnist", "v-1", null, List.of(new Prediction.ClassScore("7", 0.9)), null, "c"),
                new PipelineError("preprocess", "corrupt-image", "bad PNG", "mnist", "train/mnist/a/1.png", at, "c"));
        for (PipelineEvent event : events) {
            String json = EventJson.write(event);
            assertEquals(event.toString(), EventJson.read(json, event.getClass()).toString(), json);
            assertEquals(event.getClass(), EventType.of(event).recordType());
        }
    }

    @Test
    void ignoresUnknownFieldsSoProducersCanAddSome() {
        ScoringLanded read = EventJson.read("""
                {"model":"m","batchId":"b","bucket":"landing","objects":[],"newField":{"x":1}}""", ScoringLanded.class);
        assertEquals("m", read.model());
    }

    @Test
    void aDatasetPreparedOfAnOlderProducerHasNoCodeLengthTotals() {
        DatasetPrepared read = EventJson.read("""
                {"model":"m","datasetId":"d","manifestKey":"m/d/manifest.json","classes":["0","1"],"channels":1,
                "height":28,"width":28,"splits":{"train":8},"dropped":0,"bitsPerLabel":0.75,"driftFlagged":false}""",
                DatasetPrepared.class);
        assertEquals(0.75, read.bitsPerLabel());
        assertNull(read.codedExamples());
        assertNull(read.totalBits());
    }

    @Test
    void malformedPayloadsRaiseAReasonNotACrash() {
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("{not json", DatasetLanded.class));
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("", DatasetLanded.class));
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("null", DatasetLanded.class));
    }

    @Test
    void everyTopicHasAtMostOneEventTypeAndTypesFollowTheNamingRule() {
        for (EventType type : EventType.values()) {
            assertTrue(type.ceType().matches("prequel\\.[a-z]+\\.[a-z]+\\.v1"), type.ceType());
            assertTrue(Topics.ALL.contains(type.topic()), type.topic());
            assertEquals(type, EventType.ofCeType(type.ceType()).orElseThrow());
        }
    }

    @Test
    void cloudEventHeadersAreBinaryModeWithAStableIdPerFact() {
        PipelineEvent e = new ModelTrained("mnist", "v-1", null, List.of("ds-1"), "ds-1", "cnn", 3, 0.9, 1, "cpu", "c", "job-1");
        Map<String, byte[]> h1 = CloudEventHeaders.of(e, "/prequel/trainer");
        Map<String, byte[]> h2 = CloudEventHeaders.of(e, "/prequel/trainer");
        assertEquals("1.0", new String(h1.get(CloudEventHeaders.SPEC_VERSION), StandardCharsets.UTF_8));
        assertEquals("prequel.model.trained.v1", new String(h1.get(CloudEventHeaders.TYPE), StandardCharsets.UTF_8));
        assertEquals(new String(h1.get(CloudEventHeaders.ID)), new String(h2.get(CloudEventHeaders.ID)));
    }

    @Test
    void parsesMinioNotificationsAndDecodesKeys() {
        String minio = """
                {"EventName":"s3:ObjectCreated:Put","Key":"landing/train/mnist/d1/my%20digits.zip",
                 "Records":[{"eventVersion":"2.0","eventSource":"minio:s3","eventName":"s3:ObjectCreated:Put",
                 "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"landing","arn":"arn:aws:s3:::landing"},
                 "object":{"key":"train%2Fmnist%2Fd1%2Fmy+digits.zip","size":1234,"eTag":"abc","sequencer":"17"}}}]}""";
        S3EventNotification n = EventJson.read(minio, S3EventNotification.class);
        assertEquals("train/mnist/d1/my digits.zip", n.records().get(0).s3().object().decodedKey());
        S3EventNotification own = S3EventNotification.objectCreated("landing", "train/mnist/d1/my digits.zip", 3, "e");
        String back = EventJson.read(EventJson.write(own), S3EventNotification.class).records().get(0).s3().object().decodedKey();
        assertEquals("train/mnist/d1/my digits.zip", back);
    }

    @Test
    void versionsAreDeterministicAndDependOnEveryInput() {
        String v = Ids.version("v-parent", List.of("ds-1"), "epochs=3");
        assertEquals(v, Ids.version("v-parent", List.of("ds-1"), "epochs=3"));
        assertFalse(v.equals(Ids.version(null, List.of("ds-1"), "epochs=3")));
        assertFalse(v.equals(Ids.version("v-parent", List.of("ds-2"), "epochs=3")));
        assertFalse(v.equals(Ids.version("v-parent", List.of("ds-1"), "epochs=4")));
        assertTrue(Ids.datasetId(Ids.sha256Hex(new byte[] {1})).matches("ds-[0-9a-f]{16}"));
    }
}
