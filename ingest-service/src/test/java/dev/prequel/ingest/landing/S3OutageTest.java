package dev.prequel.ingest.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.EventJson;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.events.storage.S3EventNotification;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.ProxiedS3Resource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.TcpProxy;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest's S3 endpoint behind a {@link TcpProxy} that the test cuts: a short outage is waited out (the drop is
 * announced once, nothing is reported), an outage past the retry deadline dead-letters the record with its reason.
 * The poller is off, so each drop is announced only by the S3 event the test publishes.
 */
@QuarkusTest
@WithTestResource(ProxiedS3Resource.class)
@TestProfile(S3OutageTest.ShortDeadline.class)
class S3OutageTest {

    /** A deadline of 12 s: past a 5 s outage, short of a 25 s one. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prequel.ingest.poll.enabled", "false", "prequel.retry.initial-backoff", "200ms",
                    "prequel.retry.max-backoff", "2s", "prequel.retry.deadline", "12s");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    LocalStack stack;
    TcpProxy s3Proxy;
    private EventProbe probe;
    private MinioClient s3;
    private static SampleDrops sample;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.DATASETS_LANDED, Topics.ERRORS, Topics.DEAD_LETTERS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
        if (sample == null) {
            sample = SampleDrops.load(SampleDrops.locateSample());
        }
    }

    @AfterEach
    void close() {
        s3Proxy.restore();
        probe.close();
    }

    @Test
    void aShortS3OutageIsWaitedOutAndTheDropAnnouncedOnce() throws Exception {
        String key = "train/outage-a/drop/digits.zip";
        String position = announceWhileCut(key, SampleDrops.zip(sample.slice(0, 3)));
        Thread.sleep(5_000); // the handler is retrying meanwhile
        assertTrue(probe.matching(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("outage-a"))
                .isEmpty(), "nothing announced while S3 is unreachable");
        s3Proxy.restore();

        DatasetLanded landed = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("outage-a"), WAIT);
        assertEquals(List.of(key), landed.objects());
        Thread.sleep(2_000); // a second announcement or a report would come within this
        assertEquals(1, probe.matching(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("outage-a")).size(), "announced exactly once");
        assertTrue(probe.matching(Topics.ERRORS, PipelineError.class,
                e -> key.equals(e.subject()) || position.equals(e.subject())).isEmpty(), "nothing on errors");
        assertTrue(deadLettersFrom(position).isEmpty(), "nothing dead-lettered");
    }

    @Test
    void anOutagePastTheDeadlineDeadLettersTheRecordWithItsReason() throws Exception {
        String key = "train/outage-b/drop/digits.zip";
        String position = announceWhileCut(key, SampleDrops.zip(sample.slice(3, 3)));

        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> !deadLettersFrom(position).isEmpty());
        ConsumerRecord<String, String> dead = deadLettersFrom(position).get(0);
        assertEquals(Topics.STORAGE_EVENTS, header(dead, "dead-letter-topic"));
        String reason = header(dead, "dead-letter-reason");
        assertTrue(reason.contains("still failing after retrying for PT12S"), reason);
        assertTrue(probe.matching(Topics.ERRORS, PipelineError.class,
                e -> key.equals(e.subject()) || position.equals(e.subject())).isEmpty(),
                "an outage is not reported as bad input");
        assertTrue(probe.matching(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("outage-b"))
                .isEmpty());

        // The dead letter is the original record: replaying it once S3 is back lands the drop.
        s3Proxy.restore();
        probe.publishRaw(Topics.STORAGE_EVENTS, dead.key(), dead.value());
        probe.await(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("outage-b"), WAIT);
    }

    /** Puts the object (directly), cuts ingest off S3, then publishes its S3 event; returns the event's position. */
    private String announceWhileCut(String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(Buckets.LANDING).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        s3Proxy.cut();
        S3EventNotification event = S3EventNotification.objectCreated(Buckets.LANDING, key, bytes.length, "etag");
        return probe.publishRaw(Topics.STORAGE_EVENTS, Buckets.LANDING + "/" + key, EventJson.write(event));
    }

    private List<ConsumerRecord<String, String>> deadLettersFrom(String position) {
        return probe.records(Topics.DEAD_LETTERS).stream()
                .filter(r -> position.equals(header(r, "dead-letter-topic") + "-" + header(r, "dead-letter-partition")
                        + "@" + header(r, "dead-letter-offset")))
                .toList();
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
