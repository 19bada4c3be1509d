package dev.prequel.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serving against a real Kafka broker and S3 server, with real DJL models hot-loaded from promotions. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class ServingTest {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    LocalStack stack;
    private EventProbe probe;
    private StackObjects objects;
    private SampleDrops sample;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.PREDICTIONS, Topics.ERRORS);
        objects = new StackObjects(stack);
        sample = SampleDrops.load(SampleDrops.locateSample());
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private void promote(String model, String version, int epochs, int from) throws Exception {
        List<Example> train = sample.slice(from, 40).stream().map(i -> new Example(sample.labels().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), SHAPE))).toList();
        Path dir = Files.createTempDirectory("model");
        LocalModels.trainAndSave(dir, model, version, "cnn", SHAPE, sample.labels(), train, epochs, 11);
        objects.uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(model, version), dir);
        probe.publish(new ModelPromoted(model, version, null, Buckets.modelPrefix(model, version), 0.9, "evaluation",
                Instant.now(), "test-" + version));
    }

    private static String inferBody(List<SampleDrops.LabelledImage> images) {
        StringBuilder data = new StringBuilder();
        for (SampleDrops.LabelledImage i : images) {
            data.append(data.length() == 0 ? "" : ",").append('"')
                    .append(Base64.getEncoder().encodeToString(i.bytes())).append('"');
        }
        return "{\"id\":\"t\",\"inputs\":[{\"name\":\"image\",\"shape\":[" + images.size()
                + "],\"datatype\":\"BYTES\",\"data\":[" + data + "]}]}";
    }

    @Test
    void servesPromotedModelsOverHttpAndKafkaAndSwapsVersionsWithoutAFailedRequest() throws Exception {
        // Other test classes share the broker (and may have promoted their own lines): only this line is known absent.
        given().get("/v2/models/serve-a").then().statusCode(404);
        given().get("/v2/models/serve-a/ready").then().statusCode(404);

        promote("serve-a", "v-first", 3, 0);
        Awaitility.await().atMost(WAIT).until(() -> given().get("/v2/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/v2/models/serve-a").then().statusCode(200).body("versions[0]", equalTo("v-first"))
                .body("classes.size()", equalTo(10));

        // HTTP, Open Inference Protocol v2, held-out images.
        List<SampleDrops.LabelledImage> heldOut = sample.slice(180, 5);
        Response response = given().contentType("application/json").body(inferBody(heldOut))
                .post("/v2/models/serve-a/infer");
        response.then().statusCode(200).body("model_version", equalTo("v-first"));
        List<String> labels = response.jsonPath().getList("outputs.find { it.name == 'label' }.data", String.class);
        long right = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            right += heldOut.get(i).label().equals(labels.get(i)) ? 1 : 0;
        }
        assertTrue(right >= 35, right + " of 50 held-out images right");

        // A raw UINT8 tensor works too; bad input is a 400 with a reason, an unknown model a 404.
        StringBuilder zeros = new StringBuilder();
        for (int i = 0; i < 784; i++) {
            zeros.append(i == 0 ? "" : ",").append(0);
        }
        given().contentType("application/json").body("{\"inputs\":[{\"name\":\"image\",\"shape\":[1,1,28,28],"
                + "\"datatype\":\"UINT8\",\"data\":[" + zeros + "]}]}").post("/v2/models/serve-a/infer").then()
                .statusCode(200).body("outputs[1].shape[1]", equalTo(10));
        given().contentType("application/json").body("{\"inputs\":[{\"name\":\"image\",\"shape\":[1],"
                + "\"datatype\":\"BYTES\",\"data\":[\"bm90IGFuIGltYWdl\"]}]}").post("/v2/models/serve-a/infer").then()
                .statusCode(400).body("error", org.hamcrest.Matchers.startsWith("not-an-image"));
        given().contentType("application/json").body(inferBody(heldOut.subList(0, 1))).post("/v2/models/nope/infer")
                .then().statusCode(404);

        // Kafka: a request by a plain producer is answered on predictions; a broken one gets an error answer.
        SampleDrops.LabelledImage seven = heldOut.stream().filter(i -> i.label().equals("7")).findFirst().orElseThrow();
        probe.publish(new PredictRequest("req-1", "serve-a", Base64.getEncoder().encodeToString(seven.bytes()), null, 2,
                "c1"));
        Prediction answer = probe.await(Topics.PREDICTIONS, Prediction.class, p -> "req-1".equals(p.requestId()), WAIT);
        assertEquals("v-first", answer.version());
        assertEquals(2, answer.top().size());
        probe.publish(new PredictRequest("req-2", "serve-a", Base64.getEncoder().encodeToString(new byte[] {1, 2}), null, 0,
                "c2"));
        Prediction refused = probe.await(Topics.PREDICTIONS, Prediction.class, p -> "req-2".equals(p.requestId()), WAIT);
        assertEquals("not-an-image", refused.error());
        probe.await(Topics.ERRORS, PipelineError.class, e -> "req-2".equals(e.subject()), WAIT);

        // Images dropped for scoring are scored.
        objects.put(Buckets.LANDING, "score/serve-a/b1/seven.png", seven.bytes());
        probe.publish(new ScoringLanded("serve-a", "b1", Buckets.LANDING, List.of("score/serve-a/b1/seven.png"),
                Instant.now(), "c3"));
        Prediction scored = probe.await(Topics.PREDICTIONS, Prediction.class,
                p -> "score/serve-a/b1/seven.png".equals(p.objectKey()), WAIT);
        assertEquals("v-first", scored.version());

        // Hot swap under load: a client keeps asking while the next version is promoted and loaded.
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        List<String> versionsSeen = java.util.Collections.synchronizedList(new ArrayList<>());
        String body = inferBody(heldOut.subList(0, 3));
        Thread client = new Thread(() -> {
            while (polling.get()) {
                Response r = given().contentType("application/json").body(body).post("/v2/models/serve-a/infer");
                if (r.statusCode() != 200) {
                    failures.incrementAndGet();
                } else {
                    versionsSeen.add(r.jsonPath().getString("model_version"));
                }
            }
        });
        client.start();
        promote("serve-a", "v-second", 1, 40);
        Awaitility.await().atMost(WAIT).until(() -> versionsSeen.contains("v-second"));
        polling.set(false);
        client.join();
        assertEquals(0, failures.get(), "no request failed during the swap");
        assertTrue(versionsSeen.contains("v-first") && versionsSeen.size() > 2, versionsSeen.size() + " requests");
    }
}
