package dev.prequel.ingest.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.EventJson;
import dev.prequel.events.PipelineError;
import dev.prequel.events.ScoringLanded;
import dev.prequel.events.Topics;
import dev.prequel.events.storage.S3EventNotification;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest against a real Kafka broker and S3 server: its poller, its handler, and their one code path. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class LandingDetectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    LocalStack stack;
    private EventProbe probe;
    private MinioClient s3;
    private static SampleDrops sample;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.DATASETS_LANDED, Topics.SCORING_LANDED, Topics.ERRORS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
        if (sample == null) {
            sample = SampleDrops.load(SampleDrops.locateSample());
        }
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private void put(String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(Buckets.LANDING).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    @Test
    void anArchiveDropIsAnnouncedWithAContentHashIdAndTheSameBytesGiveTheSameId() throws Exception {
        byte[] zip = SampleDrops.zip(sample.slice(0, 3));
        put("train/ingest-a/first/digits.zip", zip);
        DatasetLanded first = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("ingest-a"), WAIT);
        assertEquals(List.of("train/ingest-a/first/digits.zip"), first.objects());
        assertEquals(zip.length, first.bytes());
        assertTrue(first.datasetId().matches("ds-[0-9a-f]{16}"), first.datasetId());

        put("train/ingest-a/again/renamed.zip", zip);
        DatasetLanded again = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("ingest-a") && e.prefix().endsWith("/again/"), WAIT);
        assertEquals(first.datasetId(), again.datasetId(), "same content, same dataset");

        put("train/ingest-a/other/digits.zip", SampleDrops.zip(sample.slice(3, 3)));
        DatasetLanded other = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("ingest-a") && e.prefix().endsWith("/other/"), WAIT);
        assertNotEquals(first.datasetId(), other.datasetId());
        awaitMetric("prequel_ingest_drops_landed_total{model=\"ingest-a\"} 3.0");
    }

    @Test
    void looseFilesBecomeADropWhenTheirMarkerLands() throws Exception {
        for (SampleDrops.LabelledImage image : sample.slice(0, 2)) {
            put("train/ingest-b/loose/" + image.label() + "/" + image.name(), image.bytes());
        }
        Thread.sleep(3000); // a poll or two: nothing may be announced before the marker
        assertTrue(probe.matching(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("ingest-b")).isEmpty());
        put("train/ingest-b/loose/_SUCCESS", new byte[0]);
        DatasetLanded landed = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("ingest-b"), WAIT);
        assertEquals(20, landed.objects().size());
        assertTrue(landed.objects().stream().noneMatch(k -> k.endsWith("_SUCCESS")));
    }

    @Test
    void anImageUnderScoreIsAnnouncedForScoring() throws Exception {
        put("score/ingest-c/batch-1/one.png", sample.slice(0, 1).get(0).bytes());
        ScoringLanded landed = probe.await(Topics.SCORING_LANDED, ScoringLanded.class,
                e -> e.model().equals("ingest-c"), WAIT);
        assertEquals("batch-1", landed.batchId());
        assertEquals(List.of("score/ingest-c/batch-1/one.png"), landed.objects());
    }

    @Test
    void minioNotificationsAreHandledAndMalformedOnesReportedWithoutStoppingTheConsumer() throws Exception {
        probe.publishRaw(Topics.STORAGE_EVENTS, "landing/x", "{this is not json");
        PipelineError error = probe.await(Topics.ERRORS, PipelineError.class,
                e -> e.stage().equals("ingest") && e.reason().equals("malformed-event"), WAIT);
        assertTrue(error.subject().startsWith(Topics.STORAGE_EVENTS), error.subject());

        // A MinIO notification for an object that exists (put with a key the poller ignores: outside the layout
        // is reported, so use a real drop) is handled after the malformed one: the consumer kept going.
        byte[] zip = SampleDrops.zip(sample.slice(10, 2));
        put("train/ingest-d/notified/d.zip", zip);
        S3EventNotification n = S3EventNotification.objectCreated(Buckets.LANDING, "train/ingest-d/notified/d.zip",
                zip.length, "etag");
        probe.publishRaw(Topics.STORAGE_EVENTS, "landing/train/ingest-d/notified/d.zip", EventJson.write(n));
        probe.await(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("ingest-d"), WAIT);
    }

    @Test
    void keysOutsideTheLayoutAreReportedOnErrors() throws Exception {
        put("misplaced/file.zip", new byte[] {1, 2, 3});
        PipelineError error = probe.await(Topics.ERRORS, PipelineError.class,
                e -> "misplaced/file.zip".equals(e.subject()), WAIT);
        assertEquals("outside-layout", error.reason());
        awaitMetric("prequel_ingest_drops_rejected_total{reason=\"outside-layout\"}");
    }

    /** Waits until Prometheus' scrape of this service holds the line (a meter is updated right after its event). */
    private static void awaitMetric(String line) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/q/metrics").then()
                .statusCode(200).extract().asString().contains(line));
    }
}
