package dev.prequel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.CloudEventHeaders;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.EventJson;
import dev.prequel.events.LineCommand;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.PipelineError;
import dev.prequel.events.PredictRequest;
import dev.prequel.events.Prediction;
import dev.prequel.events.ScoringLanded;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingRequested;
import dev.prequel.events.storage.S3EventNotification;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage on every topic a service consumes: not JSON, {@code {}}, an event without a required field, a complete
 * event under a wrong {@code ce_type}, a null value and a 1 MB value. Each is reported as {@code malformed-event}
 * about its own position, nothing is acted on, and every service stays live and ready.
 */
class GarbageOnEveryTopicIT {

    private static final String MODEL = "garbage";
    private static final String BOGUS_TYPE = "prequel.bogus.v1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalPipeline pipeline;

    @BeforeAll
    static void start() {
        Path repo = LocalPipeline.locateRepository();
        long t = System.nanoTime();
        pipeline = LocalPipeline.start(repo, repo.resolve("system-test/target/service-logs-garbage"), Map.of(),
                Map.of(), Duration.ofMinutes(6));
        System.out.printf("[garbage-test] stack and five services up in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** One consumed topic: a complete payload (sent under a wrong type) and one lacking a required field. */
    private record Case(String topic, String complete, String incomplete) {
    }

    private static List<Case> cases() {
        Instant now = Instant.now();
        String drop = "train/" + MODEL + "/drop-1/";
        return List.of(
                new Case(Topics.STORAGE_EVENTS,
                        EventJson.write(S3EventNotification.objectCreated(Buckets.LANDING, drop + "x.zip", 10, "e")),
                        "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\"}]}"),
                new Case(Topics.DATASETS_LANDED,
                        EventJson.write(new DatasetLanded(MODEL, "ds-g", Buckets.LANDING, drop, List.of(drop + "x.zip"),
                                10, now, "g")),
                        EventJson.write(new DatasetLanded(MODEL, "ds-g", Buckets.LANDING, drop, null, 10, now, "g"))),
                new Case(Topics.SCORING_LANDED,
                        EventJson.write(new ScoringLanded(MODEL, "b-g", Buckets.LANDING,
                                List.of("score/" + MODEL + "/b-g/1.png"), now, "g")),
                        EventJson.write(new ScoringLanded(MODEL, "b-g", null, List.of("score/" + MODEL + "/b-g/1.png"),
                                now, "g"))),
                new Case(Topics.DATASETS_PREPARED,
                        EventJson.write(prepared(MODEL + "/ds-g/manifest.json")), EventJson.write(prepared(null))),
                new Case(Topics.TRAINING_JOBS,
                        EventJson.write(new TrainingRequested(MODEL, "job-g", "ds-g", null, List.of(),
                                List.of("0", "1"), "g")),
                        EventJson.write(new TrainingRequested(MODEL, "job-g", null, null, List.of(), List.of("0", "1"),
                                "g"))),
                new Case(Topics.MODELS_TRAINED,
                        EventJson.write(trained("v-g")), EventJson.write(trained(null))),
                new Case(Topics.LINE_COMMANDS,
                        EventJson.write(new LineCommand(MODEL, "cmd-g", LineCommand.PIN, "v-g", "test", now, "g")),
                        EventJson.write(new LineCommand(MODEL, "cmd-g", null, "v-g", "test", now, "g"))),
                new Case(Topics.MODELS_PROMOTED,
                        EventJson.write(promoted("v-g", now)), EventJson.write(promoted(null, now))),
                new Case(Topics.PREDICT_REQUESTS,
                        EventJson.write(new PredictRequest("req-g", MODEL, "aGVsbG8=", null, 1, "g")),
                        EventJson.write(new PredictRequest(null, MODEL, "aGVsbG8=", null, 1, "g"))));
    }

    private static DatasetPrepared prepared(String manifestKey) {
        return new DatasetPrepared(MODEL, "ds-g", manifestKey, List.of("0", "1"), 1, 28, 28,
                Map.of("train", 8, "val", 1, "test", 1), 0, null, false, "g", null, null);
    }

    private static ModelTrained trained(String version) {
        return new ModelTrained(MODEL, version, null, List.of("ds-g"), "ds-g", "cnn", 1, 0.5, 1, "cpu()", "g", "job-g");
    }

    private static ModelPromoted promoted(String version, Instant at) {
        return new ModelPromoted(MODEL, version, null, version == null ? null : Buckets.modelPrefix(MODEL, version),
                0.5, "evaluation", at, "g");
    }

    @Test
    void everyKindOfGarbageOnEveryTopicIsAMalformedEventAndChangesNothing() throws Exception {
        List<String> consumed = cases().stream().map(Case::topic).toList();
        List<String> watched = new ArrayList<>(consumed);
        watched.addAll(List.of(Topics.ERRORS, Topics.PREDICTIONS, Topics.MODELS_EVALUATED));
        try (EventProbe probe = new EventProbe(pipeline.stack(), watched.toArray(String[]::new))) {
            String megabyte = "{\"model\":\"" + MODEL + "\",\"pad\":\"" + "x".repeat(1_000_000 - 30) + "\"}";
            Map<String, String> garbage = new LinkedHashMap<>(); // position -> what was sent there
            for (Case c : cases()) {
                garbage.put(probe.publishRaw(c.topic(), MODEL, "{this is not json"), c.topic() + ": not JSON");
                garbage.put(probe.publishRaw(c.topic(), MODEL, "{}"), c.topic() + ": {}");
                garbage.put(probe.publishRaw(c.topic(), MODEL, c.incomplete()), c.topic() + ": a missing field");
                garbage.put(probe.publishRaw(c.topic(), MODEL, c.complete(), Map.of(CloudEventHeaders.TYPE, BOGUS_TYPE)),
                        c.topic() + ": ce_type " + BOGUS_TYPE);
                garbage.put(probe.publishRaw(c.topic(), MODEL, null), c.topic() + ": a null value");
                garbage.put(probe.publishRaw(c.topic(), MODEL, megabyte), c.topic() + ": a 1 MB value");
            }
            assertEquals(6 * consumed.size(), garbage.size());

            // Each garbage record is reported as malformed-event about its own position.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Set<String> missing = new TreeSet<>(garbage.keySet());
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                probe.matching(Topics.ERRORS, PipelineError.class, e -> "malformed-event".equals(e.reason()))
                        .forEach(e -> missing.remove(e.subject()));
                Thread.sleep(250);
            }
            assertTrue(missing.isEmpty(), "no malformed-event for: "
                    + missing.stream().map(garbage::get).collect(Collectors.joining("; ")));

            // The consumers carry on: serving's plain follower of models.promoted tries the next promotion (there is
            // no such model, so it reports the load), and its predict channel answers the next request.
            probe.publish(promoted("v-sentinel", Instant.now()));
            probe.await(Topics.ERRORS, PipelineError.class,
                    e -> "serving".equals(e.stage()) && "v-sentinel".equals(e.subject()), Duration.ofMinutes(1));
            probe.publish(new PredictRequest("req-sentinel", MODEL, "aGVsbG8=", null, 1, "s"));
            Prediction answer = probe.await(Topics.PREDICTIONS, Prediction.class,
                    p -> "req-sentinel".equals(p.requestId()), Duration.ofMinutes(1));
            assertTrue(answer.error() != null, answer.toString());
            Thread.sleep(3000); // anything acted on by mistake would have produced its events by now

            // Nothing else happened: the consumed topics hold only what this test sent, no version was evaluated,
            // the only prediction is the sentinel's, and every error is about garbage or a sentinel.
            for (String topic : consumed) {
                int sent = topic.equals(Topics.MODELS_PROMOTED) || topic.equals(Topics.PREDICT_REQUESTS) ? 7 : 6;
                assertEquals(sent, probe.records(topic).size(), "records on " + topic);
            }
            assertEquals(0, probe.records(Topics.MODELS_EVALUATED).size(), "nothing was evaluated");
            assertEquals(1, probe.records(Topics.PREDICTIONS).size(), "only the sentinel request was answered");
            List<PipelineError> errors = probe.matching(Topics.ERRORS, PipelineError.class, e -> true);
            List<PipelineError> unexpected = errors.stream()
                    .filter(e -> !("malformed-event".equals(e.reason()) && garbage.containsKey(e.subject())))
                    .filter(e -> !String.valueOf(e.subject()).contains("sentinel"))
                    .toList();
            assertEquals(List.of(), unexpected, "errors other than the garbage's malformed-event");
            for (PipelineError e : errors) {
                assertTrue(!e.message().contains("xxxxxxxxxx"), "an error quotes the 1 MB value: " + e.reason());
            }
            System.out.printf("[garbage-test] %d garbage records on %d topics: %d error(s), all malformed-event but the sentinels%n",
                    garbage.size(), consumed.size(), errors.size());

            // Every service is still live and ready; serving is ready only once it serves a model, so live there.
            for (ServiceProcess service : pipeline.services()) {
                assertTrue(service.isAlive(), service.name() + " exited");
                assertEquals(200, status(service.managementUrl() + "/q/health/live"), service.name() + " live");
                if (!service.name().equals("serving-service")) {
                    assertEquals(200, status(service.managementUrl() + "/q/health/ready"), service.name() + " ready");
                }
            }
        }
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
