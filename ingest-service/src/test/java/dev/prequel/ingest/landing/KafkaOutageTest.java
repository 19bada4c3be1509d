package dev.prequel.ingest.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EmbeddedKafka;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.ProxiedKafkaResource;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest reaching Kafka only through a {@link TcpProxy} that the test cuts for 15 s (longer than the consumer's
 * 10 s session and than a publish's timeout): a drop put meanwhile is announced once Kafka is back, exactly once
 * (the poller marks an object only after the broker has its event, and a timed-out send is abandoned by the
 * producer before it is sent again), with nothing on {@code errors} or {@code dead.letters}.
 */
@QuarkusTest
@WithTestResource(ProxiedKafkaResource.class)
@TestProfile(KafkaOutageTest.ShortTimeouts.class)
class KafkaOutageTest {

    /** Publishes give up after 8 s (the producer after 2 s for metadata plus 4 s for delivery); the poller ticks every second. */
    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(Map.of("prequel.ingest.poll.interval", "1s",
                    "prequel.events.publish-timeout", "8s",
                    "prequel.retry.initial-backoff", "200ms", "prequel.retry.max-backoff", "2s",
                    "prequel.retry.deadline", "60s"));
            for (String channel : List.of("storage-events-out", "events")) {
                String prefix = "mp.messaging.outgoing." + channel + ".";
                config.putAll(Map.of(prefix + "max.block.ms", "2000", prefix + "delivery.timeout.ms", "4000",
                        prefix + "request.timeout.ms", "3000"));
            }
            return config;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(90);

    LocalStack stack;
    EmbeddedKafka kafka;
    TcpProxy kafkaProxy;
    private EventProbe probe;
    private MinioClient s3;

    @BeforeEach
    void connect() {
        probe = new EventProbe(kafka.bootstrapServers(), Topics.STORAGE_EVENTS, Topics.DATASETS_LANDED, Topics.ERRORS,
                Topics.DEAD_LETTERS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
    }

    @AfterEach
    void close() {
        kafkaProxy.restore();
        probe.close();
    }

    @Test
    void aDropPutDuringAKafkaOutageIsAnnouncedOnceKafkaIsBack() throws Exception {
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        // Ingest is up and consuming before the outage: its first poll has run.
        put("train/kafka-warm/drop/digits.zip", SampleDrops.zip(sample.slice(0, 2)));
        probe.await(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("kafka-warm"), WAIT);

        kafkaProxy.cut();
        String key = "train/kafka-a/drop/digits.zip";
        put(key, SampleDrops.zip(sample.slice(2, 3)));
        Thread.sleep(15_000);
        assertTrue(probe.matching(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals("kafka-a"))
                .isEmpty(), "nothing reaches the broker while it is cut off");
        kafkaProxy.restore();

        DatasetLanded landed = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("kafka-a"), WAIT);
        assertEquals(List.of(key), landed.objects());
        Thread.sleep(5_000); // a duplicate would follow within this
        long storageEvents = probe.records(Topics.STORAGE_EVENTS).stream()
                .filter(r -> (Buckets.LANDING + "/" + key).equals(r.key())).count();
        assertEquals(1, storageEvents, "the poller announced the object once");
        assertEquals(1, probe.matching(Topics.DATASETS_LANDED, DatasetLanded.class,
                e -> e.model().equals("kafka-a")).size(), "the drop landed once");
        assertTrue(probe.matching(Topics.ERRORS, PipelineError.class,
                e -> key.equals(e.subject()) || "kafka-a".equals(e.model())).isEmpty(), "nothing on errors");
        assertTrue(probe.records(Topics.DEAD_LETTERS).stream().noneMatch(r -> r.value().contains(key)),
                "nothing dead-lettered");
    }

    private void put(String key, byte[] bytes) {
        try {
            s3.putObject(PutObjectArgs.builder().bucket(Buckets.LANDING).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
