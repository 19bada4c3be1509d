package dev.prequel.evaluator.verdict;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.evaluator.EvaluatorFixtures;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.shard.Example;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluator against a real Kafka broker and S3 server, judging real DJL models. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class EvaluationTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    LocalStack stack;
    private EventProbe probe;
    private MinioClient s3;
    private EvaluatorFixtures fixtures;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.MODELS_EVALUATED, Topics.MODELS_PROMOTED, Topics.ERRORS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
        fixtures = new EvaluatorFixtures(new StackObjects(stack));
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private static ModelTrained trained(String model, String version, String parent) {
        return new ModelTrained(model, version, parent, List.of("ds-" + model), "ds-" + model, "cnn", 3, 0.9, 1, "cpu",
                "test-" + version);
    }

    private ModelPromoted champion(String model) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(Buckets.MODELS)
                .object(Buckets.championKey(model)).build())) {
            return EventJson.read(in.readAllBytes(), ModelPromoted.class);
        }
    }

    @Test
    void aGoodFirstModelIsPromotedAndAWorseCandidateIsNot() throws Exception {
        List<Example> train = fixtures.examples(0, 40);
        fixtures.uploadTestSet("eval-a", "ds-eval-a", fixtures.examples(150, 20));
        fixtures.uploadModel("eval-a", "v-good", train, 3);
        fixtures.uploadModel("eval-a", "v-untrained", train, 0);

        probe.publish(trained("eval-a", "v-good", null));
        ModelEvaluated first = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                e -> e.version().equals("v-good"), WAIT);
        assertTrue(first.promoted(), first.toString());
        assertEquals("first-model", first.reason());
        assertEquals(200, first.testExamples());
        assertTrue(first.candidateAccuracy() > 0.7, "accuracy " + first.candidateAccuracy());
        assertNull(first.championVersion());
        ModelPromoted promoted = probe.await(Topics.MODELS_PROMOTED, ModelPromoted.class,
                e -> e.model().equals("eval-a"), WAIT);
        assertEquals("v-good", promoted.version());
        assertEquals("v-good", champion("eval-a").version());

        probe.publish(trained("eval-a", "v-good", null)); // a redelivery
        probe.publish(trained("eval-a", "v-untrained", "v-good"));
        ModelEvaluated second = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                e -> e.version().equals("v-untrained"), WAIT);
        assertFalse(second.promoted());
        assertEquals("not-better-than-champion", second.reason());
        assertEquals("v-good", second.championVersion());
        assertEquals(first.candidateAccuracy(), second.championAccuracy(), 1e-9, "the champion measured on the same split");
        assertTrue(second.candidateBitsPerLabel() > second.championBitsPerLabel());
        assertEquals(1, probe.matching(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                e -> e.version().equals("v-good")).size(), "the redelivery was not judged again");
        assertEquals(1, probe.matching(Topics.MODELS_PROMOTED, ModelPromoted.class, e -> e.model().equals("eval-a")).size());
        assertEquals("v-good", champion("eval-a").version());
    }

    @Test
    void anUntrainedFirstModelIsNotPromoted() throws Exception {
        fixtures.uploadTestSet("eval-b", "ds-eval-b", fixtures.examples(150, 10));
        fixtures.uploadModel("eval-b", "v-random", fixtures.examples(0, 5), 0);
        probe.publish(trained("eval-b", "v-random", null));
        ModelEvaluated verdict = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                e -> e.model().equals("eval-b"), WAIT);
        assertFalse(verdict.promoted());
        assertEquals("below-minimum-accuracy", verdict.reason());
    }

    @Test
    void anOperatorCanPinOrRollBackAStoredVersionAndNothingElse() throws Exception {
        fixtures.uploadModel("eval-c", "v-one", fixtures.examples(0, 3), 0);
        fixtures.uploadModel("eval-c", "v-two", fixtures.examples(0, 3), 0);
        given().contentType("application/json").body("{\"version\":\"v-two\"}")
                .put("/admin/models/eval-c/champion").then().statusCode(200).body("version", equalTo("v-two"))
                .body("reason", equalTo("pinned"));
        given().contentType("application/json").body("{\"version\":\"v-one\",\"reason\":\"rollback\"}")
                .put("/admin/models/eval-c/champion").then().statusCode(200).body("previousVersion", equalTo("v-two"));
        given().get("/admin/models/eval-c/champion").then().statusCode(200).body("version", equalTo("v-one"));
        ModelPromoted rollback = probe.await(Topics.MODELS_PROMOTED, ModelPromoted.class,
                e -> e.model().equals("eval-c") && e.reason().equals("rollback"), WAIT);
        assertEquals("v-one", rollback.version());

        given().contentType("application/json").body("{\"version\":\"v-missing\"}")
                .put("/admin/models/eval-c/champion").then().statusCode(404);
        given().contentType("application/json").body("{}").put("/admin/models/eval-c/champion").then().statusCode(400);
        given().get("/admin/models/eval-none/champion").then().statusCode(404);
    }
}
