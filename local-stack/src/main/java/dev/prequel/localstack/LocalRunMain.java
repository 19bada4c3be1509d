package dev.prequel.localstack;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingBatchProgress;
import dev.prequel.events.TrainingProgress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run: starts the stack and the five services, drops the repository's MNIST sample into the landing
 * bucket, waits for the first model to be promoted, prints a few predictions and the endpoints, and keeps
 * everything running until Ctrl-C, which stops every process it started.
 */
public final class LocalRunMain {

    private static final String MODEL = "mnist";

    private LocalRunMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = LocalPipeline.locateRepository();
        Path runDir = repo.resolve(".local-run");
        Map<String, Integer> ports = Map.of("serving-service", 8080, "ingest-service", 8081, "preprocess-service", 8082,
                "trainer-service", 8083, "evaluator-service", 8084);
        say("starting Kafka, the S3 server and the five services (logs in " + repo.relativize(runDir) + "/) ...");
        long start = System.nanoTime();
        // The sample's epochs are about 50 batches: a line every 10 shows a person that training moves.
        LocalPipeline pipeline = LocalPipeline.start(repo, runDir, ports,
                Map.of("prequel.trainer.progress-every-batches", "10"), Duration.ofMinutes(5));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping every process ...");
            pipeline.close();
            stopped.countDown();
        }, "local-run-stop"));
        say(String.format("up in %.1f s", (System.nanoTime() - start) / 1e9));
        LocalStack stack = pipeline.stack();
        UserEnvironment.write(runDir.resolve("stack.env"), pipeline);

        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        byte[] drop = SampleDrops.zip(sample.slice(0, 100));
        String key = Buckets.TRAIN_PREFIX + MODEL + "/sample-1/mnist-sample.zip";
        try (EventProbe probe = new EventProbe(stack, Topics.TRAINING_PROGRESS, Topics.MODELS_EVALUATED,
                Topics.MODELS_PROMOTED)) {
            long dropped = System.nanoTime();
            new StackObjects(stack).put(Buckets.LANDING, key, drop);
            say("dropped s3://" + Buckets.LANDING + "/" + key + " (1,000 labelled digits); preparing and training ...");
            ModelEvaluated verdict = followTraining(probe, Duration.ofMinutes(10));
            say(String.format("verdict on %s: %s (%s), accuracy %.3f on %d judge examples", verdict.version(),
                    verdict.promoted() ? "promoted" : "refused", verdict.reason(), verdict.candidateAccuracy(),
                    verdict.testExamples()));
            if (!verdict.promoted()) {
                throw new IllegalStateException("the sample's first model was refused: " + verdict.reason());
            }
            ModelPromoted promoted = probe.await(Topics.MODELS_PROMOTED, ModelPromoted.class,
                    e -> e.model().equals(MODEL), Duration.ofMinutes(5));
            say(String.format("promoted %s version %s %.1f s after the drop", MODEL, promoted.version(),
                    (System.nanoTime() - dropped) / 1e9));
        }
        String serving = pipeline.service("serving-service").baseUrl();
        awaitServing(serving);
        for (SampleDrops.LabelledImage image : sample.slice(195, 1).subList(0, 5)) {
            say("  " + image.label() + "/" + image.name() + " -> " + predict(serving, image.bytes()));
        }
        say("");
        say("Prequel is running. Endpoints:");
        Path request = runDir.resolve("request.json");
        java.nio.file.Files.writeString(request, inferRequest(sample.slice(199, 1).get(7).bytes()));
        say("  predict (OIP v2):  curl -s -X POST " + serving + "/v2/models/" + MODEL
                + "/infer -H 'content-type: application/json' -d @" + repo.relativize(request) + "   (a 7)");
        say("  model metadata:    " + serving + "/v2/models/" + MODEL);
        for (ServiceProcess p : pipeline.services()) {
            say(String.format("  %-19s %s/q/health  %s/q/metrics  (log %s)", p.name(), p.managementUrl(), p.managementUrl(),
                    repo.relativize(p.logFile())));
        }
        say("  evaluator admin:   " + pipeline.service("evaluator-service").baseUrl() + "/admin/models/" + MODEL
                + "/champion   (Authorization: Bearer $PREQUEL_ADMIN_TOKEN, from " + repo.relativize(runDir.resolve("stack.env")) + ")");
        say("  reports:           " + pipeline.service("evaluator-service").baseUrl() + "/reports/" + MODEL
                + "/   (same header; each version's page, or s3://reports/" + MODEL + "/<version>/index.html)");
        say("  Kafka:             " + stack.kafkaBootstrapServers() + "   (kcat -b " + stack.kafkaBootstrapServers()
                + " -t predictions -C)");
        say("  S3:                " + stack.s3Endpoint() + "   (credentials in " + repo.relativize(runDir.resolve("stack.env")) + ")");
        say("Drop more data under s3://landing/train/" + MODEL + "/<dataset>/ or images under s3://landing/score/"
                + MODEL + "/<batch>/. Ctrl-C stops everything.");
        stopped.await();
    }

    /** Prints training progress inside each epoch and each epoch as the trainer reports them, until the line's owner gives its verdict. */
    private static ModelEvaluated followTraining(EventProbe probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.Set<String> shown = new java.util.HashSet<>();
        while (System.nanoTime() < deadline) {
            for (TrainingBatchProgress b : probe.matching(Topics.TRAINING_PROGRESS, TrainingBatchProgress.class,
                    e -> e.model().equals(MODEL))) {
                if (shown.add(b.version() + "/" + b.epoch() + "/" + b.batch())) {
                    say(String.format("  %s epoch %d/%d  %s  loss %.3f  train acc %.3f  %.0f img/s", b.version(),
                            b.epoch(), b.epochs(), b.epochExamples() == null ? b.examples() + " images"
                                    : b.examples() + "/" + b.epochExamples() + " images", b.trainLoss(),
                            b.trainAccuracy(), b.imagesPerSecond()));
                }
            }
            for (TrainingProgress p : probe.matching(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                    e -> e.model().equals(MODEL))) {
                if (shown.add(p.version() + "/" + p.epoch())) {
                    say(String.format("  %s epoch %d/%d  loss %.3f  train acc %.3f  val acc %.3f  %.0f img/s",
                            p.version(), p.epoch(), p.epochs(), p.trainLoss(), p.trainAccuracy(),
                            p.validationAccuracy(), p.imagesPerSecond()));
                }
            }
            var verdicts = probe.matching(Topics.MODELS_EVALUATED, ModelEvaluated.class, e -> e.model().equals(MODEL));
            if (!verdicts.isEmpty()) {
                return verdicts.get(0);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no verdict on the sample drop within " + timeout + "; see .local-run/*.log");
    }

    private static void awaitServing(String serving) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 120; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(serving + "/v2/models/" + MODEL + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("serving did not load the promoted model");
    }

    private static String predict(String serving, byte[] png) throws Exception {
        String body = inferRequest(png);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(serving + "/v2/models/" + MODEL + "/infer")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        var json = dev.prequel.events.EventJson.mapper().readTree(r.body());
        for (var output : json.path("outputs")) {
            if (output.path("name").asText().equals("label")) {
                return output.path("data").get(0).asText() + "  (version " + json.path("model_version").asText() + ")";
            }
        }
        return r.body();
    }

    /** An Open Inference Protocol v2 request for one encoded image. */
    private static String inferRequest(byte[] png) {
        return "{\"inputs\":[{\"name\":\"image\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\""
                + Base64.getEncoder().encodeToString(png) + "\"]}]}";
    }

    private static void say(String line) {
        System.out.println("[prequel] " + line);
    }

}
