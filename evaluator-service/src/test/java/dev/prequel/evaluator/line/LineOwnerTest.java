package dev.prequel.evaluator.line;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.evaluator.EvaluatorFixtures;
import dev.prequel.evaluator.line.LineLedger.ChampionChange;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.PipelineError;
import dev.prequel.events.SuspiciousLabels;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingRequested;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The line's owner against a real Kafka broker and S3 server, judging real DJL models: acceptance and jobs fixed
 * once, verdicts on the line's judge set, redeliveries that change nothing, pins through the same writer.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class LineOwnerTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    LocalStack stack;
    @jakarta.inject.Inject
    LedgerStore ledgers;
    private EventProbe probe;
    private MinioClient s3;
    private EvaluatorFixtures fixtures;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.TRAINING_JOBS, Topics.MODELS_EVALUATED, Topics.MODELS_PROMOTED,
                Topics.ERRORS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
        fixtures = new EvaluatorFixtures(new StackObjects(stack));
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private byte[] read(String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** The report is written right after the verdict is announced: wait for it. */
    private byte[] awaitObject(String bucket, String key) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return read(bucket, key);
            } catch (io.minio.errors.ErrorResponseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private LineLedger ledger(String model) throws Exception {
        return EventJson.read(read(Buckets.MODELS, LedgerStore.key(model)), LineLedger.class);
    }

    private static ModelTrained trained(String model, String version, String datasetId) {
        return new ModelTrained(model, version, null, List.of(datasetId), datasetId, "cnn", 3, 0.9, 1, "cpu",
                "test-" + version, "job-" + datasetId);
    }

    private DatasetManifest digits(String model, String id, int from, int perClass) throws Exception {
        return fixtures.uploadDataset(model, id, fixtures.classes(), Map.of(DatasetManifest.TRAIN,
                fixtures.examples(from, perClass), DatasetManifest.TEST, fixtures.examples(from + perClass, 15)));
    }

    private TrainingRequested accept(DatasetManifest m, boolean drifted) {
        probe.publish(EvaluatorFixtures.prepared(m, drifted));
        return probe.await(Topics.TRAINING_JOBS, TrainingRequested.class,
                j -> j.model().equals(m.model()) && j.datasetId().equals(m.datasetId()), WAIT);
    }

    private ModelEvaluated judge(String model, String version, String datasetId) {
        probe.publish(trained(model, version, datasetId));
        return probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                e -> e.model().equals(model) && e.version().equals(version), WAIT);
    }

    /** The %test profile's admin token (application.properties). */
    private static final String TOKEN = "test-admin-token-only-for-quarkus-tests";

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void theAdminApiAnswersOnlyItsTokenAndRefusesBadInputWith400() {
        String pin = "{\"version\":\"v-x1\",\"reason\":\"pinned\"}";
        given().get("/admin/models/mnist/champion").then().statusCode(401).body("error", notNullValue())
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().get("/admin/models/mnist/ledger").then().statusCode(401);
        given().contentType("application/json").body(pin).put("/admin/models/mnist/champion").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN + "x").get("/admin/models/mnist/ledger").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN.substring(1)).get("/admin/models/mnist/ledger").then()
                .statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).get("/admin/models/mnist/ledger").then().statusCode(401);
        given().header("Authorization", "Bearer").get("/admin/models/mnist/ledger").then().statusCode(401);
        // Health and metrics need no token.
        given().get("/q/health/live").then().statusCode(200);

        admin().get("/admin/models/{m}/champion", "Not_A_Name!").then().statusCode(400).body("error", notNullValue());
        admin().get("/admin/models/{m}/ledger", "..").then().statusCode(not(500));
        admin().get("/admin/models/{m}/ledger", "no-such-line").then().statusCode(404).body("error", notNullValue());
        for (String body : List.of("", "{", "[]", "42", "{\"version\":\"../../etc\"}", "{\"reason\":\"pinned\"}",
                "{\"version\":\"v-x1\",\"reason\":\"because\"}", "{\"version\":{\"a\":1}}", "null")) {
            admin().contentType("application/json").body(body).put("/admin/models/line-x/champion").then()
                    .statusCode(400).contentType(containsString("json"));
        }
        admin().contentType("application/json").body(pin).put("/admin/models/{m}/champion", "Bad Name").then()
                .statusCode(400);
        admin().contentType("application/json").body(pin).put("/admin/models/line-x/champion").then().statusCode(404);
        admin().contentType("text/plain").body(pin).put("/admin/models/line-x/champion").then().statusCode(415);
    }

    @Test
    void noiseIsRefusedOnTheLinesJudgeSetAndRedeliveriesChangeNothing() throws Exception {
        String line = "line-a";
        DatasetManifest first = digits(line, "ds-a1", 0, 25);
        TrainingRequested job1 = accept(first, false);
        assertNull(job1.parentVersion());
        assertTrue(job1.replay().isEmpty());
        fixtures.uploadModel(line, "v-a1", fixtures.examples(0, 25), 3);
        ModelEvaluated v1 = judge(line, "v-a1", "ds-a1");
        assertTrue(v1.promoted(), v1.toString());
        assertEquals("first-model", v1.reason());
        assertEquals(150, v1.testExamples());

        // A drop of noise in two known classes: its own test split is tiny, the line's judge set is not.
        List<Example> noiseTrain = new ArrayList<>(fixtures.noise(0, 20, 1));
        noiseTrain.addAll(fixtures.noise(1, 20, 2));
        List<Example> noiseTest = new ArrayList<>(fixtures.noise(0, 1, 3));
        noiseTest.addAll(fixtures.noise(1, 1, 4));
        DatasetManifest noise = fixtures.uploadDataset(line, "ds-a2", fixtures.classes(),
                Map.of(DatasetManifest.TRAIN, noiseTrain, DatasetManifest.TEST, noiseTest));
        // What preprocess leaves when the champion encoded the drop: its least likely labels.
        new StackObjects(stack).put(Buckets.DATASETS, Buckets.suspiciousKey(line, "ds-a2"), EventJson.writeBytes(
                new SuspiciousLabels(line, "ds-a2", "v-a1", 42, List.of(new SuspiciousLabels.Entry("00ff00ff00ff00ff"
                        + "00ff00ff00ff00ff", "train", 7, null, "<script>x</script>", 0.001, "3", 0.9, "iVBORw0KGgo=")),
                        java.time.Instant.now())));
        TrainingRequested job2 = accept(noise, false);
        assertEquals("v-a1", job2.parentVersion(), "the champion when the noise was accepted");
        assertEquals(List.of("ds-a1"), job2.replay().stream().map(TrainingRequested.ReplayShare::datasetId).toList());
        fixtures.uploadModel(line, "v-a2", noiseTrain, 3);
        ModelEvaluated v2 = judge(line, "v-a2", "ds-a2");
        assertFalse(v2.promoted(), v2.toString());
        assertTrue(v2.reason().equals("not-significantly-better") || v2.reason().startsWith("class-regression:"),
                v2.reason());
        assertEquals(List.of("ds-a1", "ds-a2"), v2.judgeDatasets());
        assertEquals(152, v2.testExamples());
        assertEquals("v-a1", EventJson.read(read(Buckets.MODELS, Buckets.championKey(line)), ModelPromoted.class)
                .version());
        theReportsAreWrittenAndServed(line);

        // Old events again, after the line moved on: nothing is planned, trained, judged or promoted again.
        long revision = ledger(line).revision();
        probe.publish(EvaluatorFixtures.prepared(first, false));
        probe.publish(trained(line, "v-a1", "ds-a1"));
        probe.publish(EvaluatorFixtures.prepared(noise, false));
        probe.publish(trained(line, "v-a2", "ds-a2"));
        // A marker behind them on the same partition: once it is handled, so are they.
        DatasetManifest marker = digits(line, "ds-a3", 60, 12);
        accept(marker, false);
        LineLedger after = ledger(line);
        assertEquals(revision + 1, after.revision(), "only the marker was recorded");
        assertEquals(1, probe.matching(Topics.TRAINING_JOBS, TrainingRequested.class,
                j -> j.jobId().equals("job-ds-a1")).size());
        assertEquals(1, probe.matching(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                e -> e.version().equals("v-a1")).size());
        assertEquals(1, probe.matching(Topics.MODELS_PROMOTED, ModelPromoted.class, e -> e.model().equals(line)).size());

        // An evaluator that died after recording its verdict but before its report finishes, never re-decides.
        s3.removeObject(RemoveObjectArgs.builder().bucket(Buckets.REPORTS).object(Buckets.reportKey(line, "v-a1"))
                .build());
        probe.publish(trained(line, "v-a1", "ds-a1"));
        probe.awaitCount(Topics.MODELS_EVALUATED, ModelEvaluated.class, e -> e.version().equals("v-a1"), 2, WAIT);
        LineLedger healed = ledger(line);
        assertEquals(after.verdicts(), healed.verdicts());
        assertEquals(after.champions(), healed.champions());
        assertEquals(1, healed.champions().size());
        assertNull(healed.champions().get(0).previousVersion(), "no self-replacing second promotion");
        var report = EventJson.mapper().readTree(awaitObject(Buckets.REPORTS, Buckets.reportKey(line, "v-a1")));
        assertEquals("v-a1", report.path("verdict").path("version").asText(), "the report is written");
        var code = report.path("codeLength");
        assertEquals(List.of("ds-a1", "ds-a2", "ds-a3"), java.util.stream.StreamSupport.stream(code.spliterator(), false)
                .map(r -> r.path("datasetId").asText()).toList(), "the line's code length as the report was written");
        assertTrue(code.get(0).path("uniform").asBoolean(), code.toString());
    }

    /** After v-a1 (first model) and v-a2 (judged against v-a1): both pages in the bucket and over HTTP. */
    private void theReportsAreWrittenAndServed(String line) throws Exception {
        String first = new String(awaitObject(Buckets.REPORTS, Buckets.reportPageKey(line, "v-a1")),
                java.nio.charset.StandardCharsets.UTF_8);
        String second = new String(awaitObject(Buckets.REPORTS, Buckets.reportPageKey(line, "v-a2")),
                java.nio.charset.StandardCharsets.UTF_8);
        awaitObject(Buckets.REPORTS, Buckets.reportKey(line, "v-a2"));
        int classes = fixtures.classes().size();
        for (String page : List.of(first, second)) {
            for (String chart : List.of("learning-loss", "learning-accuracy", "per-class-accuracy", "reliability",
                    "code-length-bits", "code-length-ratio")) {
                assertTrue(page.contains("id=\"" + chart + "\""), chart);
            }
            assertFalse(page.contains("http://") && page.contains("src=\"http"), "nothing fetched");
        }
        assertTrue(first.contains("id=\"verdict-reason\">first-model<"));
        assertFalse(first.contains("confusion-champion"), "a first model has no champion to compare with");
        assertEquals(classes, count(first, "<rect class=\"bar\" [^>]*data-series=\"c"), "a bar per class");
        assertTrue(second.contains("id=\"confusion-champion\""));
        assertEquals(2 * classes, count(second, "<rect class=\"bar\" [^>]*data-series=\"c"),
                "a bar per class of candidate and champion");
        assertEquals(2, count(second, "data-category=\"ds-a[12]\""), "the code length of both drops");
        assertTrue(second.contains("&lt;script&gt;x&lt;/script&gt;") && !second.contains("<script"),
                "the suspicious label, escaped");

        // The figures behind the charts come from the judge-set scores: the confusion matrix adds up to the judge set
        // and its diagonal to the verdict's accuracy; the page prints the ECE that report.json records.
        var report = EventJson.mapper().readTree(read(Buckets.REPORTS, Buckets.reportKey(line, "v-a2")));
        var figures = report.path("figures");
        int total = 0;
        int diagonal = 0;
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                int n = figures.path("candidateConfusion").get(t).get(p).asInt();
                total += n;
                diagonal += t == p ? n : 0;
            }
        }
        assertEquals(report.path("verdict").path("testExamples").asInt(), total);
        assertEquals(report.path("verdict").path("candidateAccuracy").asDouble(), (double) diagonal / total, 1e-9);
        assertEquals(total, figures.path("candidateCalibration").path("examples").asInt());
        double ece = figures.path("candidateCalibration").path("expectedCalibrationError").asDouble();
        assertTrue(second.contains(String.format(java.util.Locale.ROOT, "id=\"ece-candidate\">%.2f %%<", ece * 100)),
                "ECE " + ece);
        assertTrue(figures.path("championConfusion").isArray(), "the champion's matrix beside it");

        // Left for a person to open: a real judged candidate's page.
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "report-it"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "report-it", "index.html"), second);

        given().get("/reports/{m}/", line).then().statusCode(401);
        given().get("/reports/{m}/{v}/", line, "v-a2").then().statusCode(401);
        String index = admin().get("/reports/{m}/", line).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertTrue(index.indexOf("/reports/line-a/v-a2/") > 0, index);
        assertTrue(index.indexOf("/reports/line-a/v-a2/") < index.indexOf("/reports/line-a/v-a1/"), "newest first");
        assertTrue(index.contains("first-model") && index.contains(v2reason(line)), index);
        String served = admin().get("/reports/{m}/{v}/", line, "v-a2").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertEquals(second, served);
        admin().get("/reports/{m}/{v}", line, "v-a1").then().statusCode(200);
        admin().get("/reports/{m}/{v}/", line, "v-nothing").then().statusCode(404).body("error", notNullValue());
        admin().get("/reports/{m}/", "no-such-line").then().statusCode(404).body("error", notNullValue());
        admin().get("/reports/{m}/", "Bad Name!").then().statusCode(400).body("error", notNullValue());
        admin().get("/reports/{m}/{v}/", line, "../../etc").then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(400), org.hamcrest.Matchers.is(404)));
        admin().get("/reports/{m}/{v}/", line, "..").then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(400), org.hamcrest.Matchers.is(404)));
        admin().urlEncodingEnabled(false).get("/reports/line-a/..%2F..%2Fetc/").then().statusCode(400)
                .body("error", notNullValue());
    }

    private String v2reason(String line) throws Exception {
        return EventJson.mapper().readTree(read(Buckets.REPORTS, Buckets.reportKey(line, "v-a2"))).path("verdict")
                .path("reason").asText();
    }

    private static int count(String text, String regex) {
        var m = java.util.regex.Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aPinIssuedWhileACandidateIsJudgedLeavesOneConsistentChampionAndHistory() throws Exception {
        String line = "line-p";
        accept(digits(line, "ds-p1", 0, 25), false);
        fixtures.uploadModel(line, "v-p1", fixtures.examples(0, 25), 3);
        assertTrue(judge(line, "v-p1", "ds-p1").promoted());
        accept(digits(line, "ds-p2", 40, 25), false);
        fixtures.uploadModel(line, "v-p2", fixtures.examples(0, 65), 4);

        probe.publish(trained(line, "v-p2", "ds-p2"));
        admin().contentType("application/json").body("{\"version\":\"v-p1\",\"reason\":\"rollback\"}")
                .put("/admin/models/" + line + "/champion").then().statusCode(200);
        probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class, e -> e.version().equals("v-p2"), WAIT);

        LineLedger ledger = ledger(line);
        List<ChampionChange> history = ledger.champions();
        for (int i = 0; i < history.size(); i++) {
            assertEquals(i == 0 ? null : history.get(i - 1).version(), history.get(i).previousVersion(),
                    "each change replaces the one before it: " + history);
        }
        ModelPromoted pointer = EventJson.read(read(Buckets.MODELS, Buckets.championKey(line)), ModelPromoted.class);
        assertEquals(ledger.championVersion().orElseThrow(), pointer.version());
        List<ModelPromoted> announced = probe.matching(Topics.MODELS_PROMOTED, ModelPromoted.class,
                e -> e.model().equals(line));
        assertEquals(history.size(), announced.size());
        assertEquals(pointer.version(), announced.get(announced.size() - 1).version());
        admin().get("/admin/models/" + line + "/champion").then().statusCode(200);

        admin().contentType("application/json").body("{\"version\":\"v-missing\"}")
                .put("/admin/models/" + line + "/champion").then().statusCode(404);
        admin().contentType("application/json").body("{}").put("/admin/models/" + line + "/champion").then()
                .statusCode(400);

        // The same history, as a person reads it: each version with its job and verdict, and every champion change.
        var lineHistory = EventJson.mapper().readTree(admin().get("/admin/models/" + line + "/history").then()
                .statusCode(200).extract().asString());
        assertEquals(ledger.championVersion().orElseThrow(), lineHistory.path("champion").asText());
        assertEquals(2, lineHistory.path("versions").size(), lineHistory.toString());
        var first = lineHistory.path("versions").get(0);
        assertEquals("v-p1", first.path("version").asText());
        assertEquals("job-ds-p1", first.path("jobId").asText());
        assertEquals("first-model", first.path("verdict").path("reason").asText());
        assertTrue(first.path("verdict").path("promoted").asBoolean());
        assertEquals("cnn", first.path("architecture").asText(), "read from the version's model.json");
        assertEquals("v-p2", lineHistory.path("versions").get(1).path("version").asText());
        String compared = ledger.verdict("job-ds-p2").orElseThrow().championVersion();
        assertEquals(compared == null ? "" : compared,
                lineHistory.path("versions").get(1).path("verdict").path("comparedWith").asText());
        assertEquals(ledger.champions().size(), lineHistory.path("champions").size());
        assertTrue(lineHistory.path("champions").toString().contains("\"cause\":\"rollback\""), lineHistory.toString());
        assertEquals(0, lineHistory.path("pending").size());
        admin().get("/admin/models/line-none/history").then().statusCode(404);
        given().get("/admin/models/" + line + "/history").then().statusCode(401);
        admin().get("/admin/models/line-none/champion").then().statusCode(404);

        // Meters, tagged by model and reason only (never a version or dataset id).
        String metrics = metrics();
        assertTrue(metrics.contains("prequel_evaluator_evaluations_total{model=\"" + line + "\",reason=\""), metrics);
        assertTrue(metrics.contains("prequel_evaluator_promotions_total{model=\"" + line + "\",reason=\"rollback\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("prequel_evaluator_promotions_total{model=\"" + line + "\",reason=\"evaluation\"}"),
                metrics);
        assertTrue(metrics.contains("prequel_evaluator_evaluation_time_seconds_count{model=\"" + line + "\"} 2"), metrics);
        assertFalse(metrics.contains("v-p1"), "no version id in a tag");
    }

    @Test
    void aDropWithANewClassIsJudgedWithTheChampionWrongOnItAndCanBePromoted() throws Exception {
        String line = "line-n";
        accept(digits(line, "ds-n1", 0, 25), false);
        fixtures.uploadModel(line, "v-n1", fixtures.examples(0, 25), 3);
        assertTrue(judge(line, "v-n1", "ds-n1").promoted());

        List<String> classes = new ArrayList<>(fixtures.classes());
        classes.add("blank-noise");
        int x = classes.size() - 1;
        List<Example> train = new ArrayList<>(fixtures.examples(40, 20));
        train.addAll(fixtures.noise(x, 40, 5));
        List<Example> test = new ArrayList<>(fixtures.examples(60, 10));
        test.addAll(fixtures.noise(x, 30, 6));
        DatasetManifest drop = fixtures.uploadDataset(line, "ds-n2", classes,
                Map.of(DatasetManifest.TRAIN, train, DatasetManifest.TEST, test));
        TrainingRequested job = accept(drop, false);
        assertEquals(classes, job.classes());
        List<Example> all = new ArrayList<>(fixtures.examples(0, 25));
        all.addAll(train);
        fixtures.uploadModel(line, "v-n2", classes, all, 4);
        ModelEvaluated verdict = judge(line, "v-n2", "ds-n2");
        assertTrue(verdict.promoted(), verdict.toString());
        assertEquals(30, ((Number) verdict.details().get("examplesOfClassesNewToChampion")).intValue());
        assertEquals("v-n1", verdict.championVersion());
    }

    @Test
    void aDriftedDropIsHeldWithAnAlarmAndKeptOutOfTheJudgeSet() throws Exception {
        String line = "line-d";
        accept(digits(line, "ds-d1", 0, 25), false);
        fixtures.uploadModel(line, "v-d1", fixtures.examples(0, 25), 3);
        assertTrue(judge(line, "v-d1", "ds-d1").promoted());
        TrainingRequested job = accept(digits(line, "ds-d2", 40, 25), true);
        probe.await(Topics.ERRORS, PipelineError.class, e -> e.reason().equals("drift-hold")
                && e.subject().equals("ds-d2"), WAIT);
        fixtures.uploadModel(line, "v-d2", fixtures.examples(0, 65), 4);
        ModelEvaluated verdict = judge(line, "v-d2", job.datasetId());
        assertFalse(verdict.promoted());
        assertEquals("drift-hold", verdict.reason());
        assertEquals(List.of("ds-d1"), verdict.judgeDatasets());
        assertNotEquals(null, verdict.details().get("policyReason"));
        TrainingRequested next = accept(digits(line, "ds-d3", 100, 12), false);
        assertEquals(List.of("ds-d1"), next.replay().stream().map(TrainingRequested.ReplayShare::datasetId).toList(),
                "a held drop is not replayed");
    }

    @Test
    void theLedgerCountsEveryDropsCodeLengthAndTheGaugeShowsTheLatest() throws Exception {
        String line = "line-c";
        // The line's first drop has no champion to encode it: it counts at the uniform code.
        DatasetManifest first = digits(line, "ds-c1", 0, 5);
        accept(first, false);
        DatasetManifest second = digits(line, "ds-c2", 40, 5);
        int n1 = first.splits().values().stream().mapToInt(Integer::intValue).sum();
        int n2 = second.splits().values().stream().mapToInt(Integer::intValue).sum();
        probe.publish(EvaluatorFixtures.prepared(second, n2, n2 * 0.25));
        probe.await(Topics.TRAINING_JOBS, TrainingRequested.class,
                j -> j.model().equals(line) && j.datasetId().equals("ds-c2"), WAIT);

        double perLabel = Math.log(fixtures.classes().size()) / Math.log(2);
        var rows = EventJson.mapper().readTree(admin().get("/admin/models/" + line + "/history").then()
                .statusCode(200).extract().asString()).path("codeLength");
        assertEquals(2, rows.size(), rows.toString());
        var c1 = rows.get(0);
        assertEquals("ds-c1", c1.path("datasetId").asText());
        assertEquals(n1, c1.path("examples").asInt());
        assertTrue(c1.path("uniform").asBoolean());
        assertEquals(n1 * perLabel, c1.path("bits").asDouble(), 1e-9);
        assertEquals(1.0, c1.path("ratio").asDouble(), 1e-12);
        var c2 = rows.get(1);
        assertEquals("ds-c2", c2.path("datasetId").asText());
        assertEquals(n2, c2.path("examples").asInt());
        assertFalse(c2.path("uniform").asBoolean());
        assertEquals(0.25, c2.path("bitsPerLabel").asDouble(), 1e-12);
        assertEquals(n1 * perLabel + n2 * 0.25, c2.path("cumulativeBits").asDouble(), 1e-9);
        assertEquals((n1 + n2) * perLabel, c2.path("cumulativeUniformBits").asDouble(), 1e-9);
        assertEquals((n1 * perLabel + n2 * 0.25) / ((n1 + n2) * perLabel), c2.path("ratio").asDouble(), 1e-12);
        assertEquals(n2 * 0.25, ledger(line).dataset("ds-c2").orElseThrow().totalBits(), 1e-12);

        String metrics = metrics();
        assertTrue(java.util.regex.Pattern.compile("prequel_evaluator_bits_per_label\\{[^}]*model=\"" + line
                + "\"[^}]*} 0\\.25\\b").matcher(metrics).find(), metrics);
    }

    @Test
    void aReplicaThatLostTheLineWritesNothingOverItsNewOwner() throws Exception {
        String line = "line-z";
        accept(digits(line, "ds-z1", 0, 12), false);
        LineLedger read = ledger(line);
        // The new owner records a decision; the old one, still working from what it read, tries to record another.
        ledgers.write(read.command(new LineLedger.CommandOutcome("cmd-new-owner", "pin", "v-x", false, "new owner",
                java.time.Instant.now()), null));
        LineLedger stale = read.command(new LineLedger.CommandOutcome("cmd-zombie", "pin", "v-y", false, "zombie",
                java.time.Instant.now()), null);

        LedgerConflictException conflict = org.junit.jupiter.api.Assertions.assertThrows(LedgerConflictException.class,
                () -> ledgers.write(stale));

        assertTrue(conflict.getMessage().contains("revision " + (read.revision() + 1)), conflict.getMessage());
        LineLedger stored = ledger(line);
        assertEquals(read.revision() + 1, stored.revision());
        assertTrue(stored.command("cmd-new-owner").isPresent());
        assertFalse(stored.command("cmd-zombie").isPresent(), "the zombie's decision was not recorded");
    }
}
