package dev.prequel.serving.kafka;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.PipelineError;
import dev.prequel.events.PredictRequest;
import dev.prequel.events.Prediction;
import dev.prequel.events.ScoringLanded;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.Example;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Kafka input within limits (the test profile sets 64K records and 1M objects): oversized or broken records are
 * answered and reported, and the channel keeps serving afterwards.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class KafkaLimitsTest {

    private static final String MODEL = "kafka-b";
    private static final Duration WAIT = Duration.ofMinutes(2);

    LocalStack stack;

    @Test
    void oversizedAndBrokenRecordsAreAnsweredAndTheChannelsKeepServing() throws Exception {
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        ImageShape shape = new ImageShape(1, 28, 28);
        List<Example> train = sample.slice(0, 4).stream().map(i -> new Example(sample.labels().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), shape))).toList();
        Path dir = Files.createTempDirectory("model");
        LocalModels.trainAndSave(dir, MODEL, "k-v1", "cnn", shape, sample.labels(), train, 0, 3);
        StackObjects objects = new StackObjects(stack);
        objects.uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(MODEL, "k-v1"), dir);
        byte[] png = sample.slice(100, 1).get(0).bytes();

        try (EventProbe probe = new EventProbe(stack, Topics.PREDICTIONS, Topics.ERRORS)) {
            probe.publish(new ModelPromoted(MODEL, "k-v1", null, Buckets.modelPrefix(MODEL, "k-v1"), 0.5, "evaluation",
                    Instant.now(), "k"));
            Awaitility.await().atMost(WAIT).until(() -> given().get("/v2/models/" + MODEL).statusCode() == 200);

            // A score drop naming an object over the size limit: refused before it is read.
            objects.put(Buckets.LANDING, "score/kafka-b/b1/huge.png", new byte[(1 << 20) + 1]);
            objects.put(Buckets.LANDING, "score/kafka-b/b1/fine.png", png);
            probe.publish(new ScoringLanded(MODEL, "b1", Buckets.LANDING,
                    List.of("score/kafka-b/b1/huge.png", "score/kafka-b/b1/fine.png"), Instant.now(), "k1"));
            Prediction huge = probe.await(Topics.PREDICTIONS, Prediction.class,
                    p -> "score/kafka-b/b1/huge.png".equals(p.objectKey()), WAIT);
            assertEquals("request-too-large", huge.error());
            Prediction fine = probe.await(Topics.PREDICTIONS, Prediction.class,
                    p -> "score/kafka-b/b1/fine.png".equals(p.objectKey()), WAIT);
            assertEquals("k-v1", fine.version());

            // A request record over the record limit, and a scoring event without its object list (this one used to
            // throw out of the handler and, with the fail strategy, stop the channel).
            String big = Base64.getEncoder().encodeToString(new byte[70_000]);
            probe.publish(new PredictRequest("k-big", MODEL, big, null, 1, "k2"));
            probe.await(Topics.ERRORS, PipelineError.class,
                    e -> "request-too-large".equals(e.reason()) && MODEL.equals(e.model()), WAIT);
            probe.publishRaw(Topics.SCORING_LANDED, MODEL, "{\"model\":\"kafka-b\",\"batchId\":\"b2\"}");
            probe.await(Topics.ERRORS, PipelineError.class,
                    e -> "malformed-event".equals(e.reason()) && String.valueOf(e.subject()).startsWith(Topics.SCORING_LANDED), WAIT);
            probe.publish(new PredictRequest("k-missing", MODEL, null, "score/kafka-b/none.png", 1, "k3"));
            assertEquals("image-unreadable", probe.await(Topics.PREDICTIONS, Prediction.class,
                    p -> "k-missing".equals(p.requestId()), WAIT).error());

            // Both channels still answer.
            probe.publish(new PredictRequest("k-after", MODEL, Base64.getEncoder().encodeToString(png), null, 2, "k4"));
            assertEquals("k-v1", probe.await(Topics.PREDICTIONS, Prediction.class,
                    p -> "k-after".equals(p.requestId()), WAIT).version());
            probe.publish(new ScoringLanded(MODEL, "b3", Buckets.LANDING, List.of("score/kafka-b/b1/fine.png"),
                    Instant.now(), "k5"));
            assertEquals("k-v1", probe.await(Topics.PREDICTIONS, Prediction.class,
                    p -> p.requestId().startsWith("b3/"), WAIT).version());
        }
    }
}
