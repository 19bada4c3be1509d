package dev.prequel.serving.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A restart with a promotion history: only the champion is loaded, readiness waits for it, old files go. */
@QuarkusTest
@WithTestResource(PromotionHistoryResource.class)
class StartupTest {

    private static final String MODEL = PromotionHistoryResource.MODEL;
    private static final Path LINE_DIR = Path.of("target/serving-models", MODEL);

    LocalStack stack;
    @Inject
    MeterRegistry meters;

    private double loads() {
        var counter = meters.find("prequel.serving.model.loads").tag("model", MODEL).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> versionsOnDisk() throws Exception {
        if (!Files.exists(LINE_DIR)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(LINE_DIR)) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String infer(String path) {
        String zeros = "0,".repeat(783) + "0";
        return given().body("{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,1,28,28],\"datatype\":\"UINT8\",\"data\":["
                + zeros + "]}]}").post(path).then().statusCode(200).extract().path("model_version");
    }

    @Test
    void loadsOnlyTheChampionIsReadyOnlyThenAndDeletesWhatItNoLongerServes() throws Exception {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> given().get("/v2/health/ready").statusCode() == 200);
        // The first answer once ready is the champion's: no stale version was ever served.
        assertEquals("r-v3", infer("/v2/models/" + MODEL + "/infer"));
        assertEquals(1.0, loads(), "one load for the line, not one per promotion in its history");
        assertEquals(List.of("r-v3"), versionsOnDisk());
        assertFalse(Files.exists(PromotionHistoryResource.STALE.getParent().getParent()),
                "what a previous process left in the scratch directory is gone");
        String health = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertFalse(health.contains("object-store"), "readiness does not ask S3: " + health);
        assertTrue(health.contains("models-loaded"), health);

        try (EventProbe probe = new EventProbe(stack, Topics.ERRORS)) {
            PromotionHistoryResource.promote(stack, probe, "r-v4", "evaluation");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> "r-v4".equals(infer("/v2/models/" + MODEL + "/infer")));
            assertEquals("r-v3", infer("/v2/models/" + MODEL + "/versions/r-v3/infer"), "the previous version stays loaded");
            given().get("/v2/models/" + MODEL).then().body("versions", equalTo(List.of("r-v4", "r-v3")));

            // A rollback to the previous version is instant: nothing is loaded.
            PromotionHistoryResource.promote(stack, probe, "r-v3", "rollback");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> "r-v3".equals(infer("/v2/models/" + MODEL + "/infer")));
            assertEquals(2.0, loads());

            // The next promotion pushes r-v4 out: its folder goes once its last batch is done.
            PromotionHistoryResource.promote(stack, probe, "r-v5", "evaluation");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> "r-v5".equals(infer("/v2/models/" + MODEL + "/infer")));
            given().get("/v2/models/" + MODEL + "/versions/r-v4").then().statusCode(404);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> versionsOnDisk().equals(List.of("r-v3", "r-v5")));
        }
    }
}
