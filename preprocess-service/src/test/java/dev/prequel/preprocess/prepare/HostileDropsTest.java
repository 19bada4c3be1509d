package dev.prequel.preprocess.prepare;

import static dev.prequel.preprocess.TestDrops.TarItem.file;
import static dev.prequel.preprocess.TestDrops.TarItem.hardlink;
import static dev.prequel.preprocess.TestDrops.TarItem.symlink;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.preprocess.TestDrops;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken drops: each is refused or cleaned with its reason on {@code errors}, and the consumer keeps
 * going (a good drop of the same line right after is prepared). Some lines have small limits set in the pom.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class HostileDropsTest {

    LocalStack stack;
    private StackDrops drops;
    private static SampleDrops sample;

    @BeforeEach
    void connect() {
        drops = new StackDrops(stack);
        if (sample == null) {
            sample = SampleDrops.load(SampleDrops.locateSample());
        }
    }

    @AfterEach
    void close() {
        drops.close();
    }

    private static Map<String, byte[]> folder(List<SampleDrops.LabelledImage> images) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        images.forEach(i -> files.put(i.label() + "/" + i.name(), i.bytes()));
        return files;
    }

    /** A refused drop publishes its reason and no dataset; a good drop of the line right after is prepared. */
    private void assertRefusedThenRecovers(DatasetLanded bad, String reason) {
        PipelineError error = drops.awaitRefusal(bad);
        assertEquals(reason, error.reason(), error.message());
        assertEquals("preprocess", error.stage());
        drops.assertNotPrepared(bad);
        DatasetLanded good = drops.landArchive(bad.model(), "good-after", "good.zip",
                SampleDrops.zip(sample.slice(150, 10)));
        drops.awaitPrepared(good);
        awaitMetric("prequel_preprocess_drops_rejected_total{model=\"" + bad.model() + "\",reason=\"" + reason + "\"} 1.0");
        awaitMetric("prequel_preprocess_drops_prepared_total{model=\"" + bad.model() + "\"} 1.0");
        awaitMetric("prequel_preprocess_preparation_time_seconds_count{model=\"" + bad.model() + "\"} 1");
    }

    /** Waits until Prometheus' scrape of this service holds the line (a meter is updated right after its event). */
    private static void awaitMetric(String line) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/q/metrics").then()
                .statusCode(200).extract().asString().contains(line));
    }

    @Test
    void linksAndEscapingPathsInATarAreSkippedAndTheRestPrepared() {
        byte[] png = sample.slice(0, 1).get(0).bytes();
        List<TestDrops.TarItem> items = new ArrayList<>();
        folder(sample.slice(0, 12)).forEach((name, bytes) -> items.add(file(name, bytes)));
        items.add(symlink("1/passwd.png", "/etc/passwd"));
        items.add(hardlink("2/hard.png", "0/" + sample.slice(0, 1).get(0).name()));
        items.add(file("../../escape.png", png));
        items.add(file("/etc/cron.d/evil.png", png));
        DatasetLanded landed = drops.landArchive("hostile-tar", "d", "evil.tar", TestDrops.tar(items));
        DatasetPrepared prepared = drops.awaitPrepared(landed);
        assertEquals(120, StackDrops.total(prepared));
        assertEquals(4, prepared.dropped());
        Map<String, String> reasons = drops.awaitErrors("hostile-tar", 4, e -> true).stream()
                .collect(Collectors.toMap(PipelineError::subject, PipelineError::reason));
        assertEquals(Map.of(landed.prefix() + "1/passwd.png", "link-entry", landed.prefix() + "2/hard.png", "link-entry",
                landed.prefix() + "../../escape.png", "unsafe-path", landed.prefix() + "/etc/cron.d/evil.png",
                "unsafe-path"), reasons);
    }

    @Test
    void anEntryThatInflatesAThousandfoldIsABomb() {
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        files.put("3/zeros.png", new byte[8 * 1024 * 1024]);
        assertRefusedThenRecovers(drops.landArchive("hostile-ratio", "d", "bomb.zip", TestDrops.zip(files)),
                "archive-bomb");
    }

    @Test
    void aTarGzThatUnpacksBeyondTheTotalIsABomb() {
        // hostile-total may unpack 400 kB (pom); 150 noise files of 3 kB are 600 kB once unpacked
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            files.put((i % 10) + "/" + i + ".bin", TestDrops.cifarPixels(9, i));
        }
        assertRefusedThenRecovers(drops.landArchive("hostile-total", "d", "big.tar.gz",
                TestDrops.gzip(TestDrops.tar(files))), "archive-bomb");
    }

    @Test
    void anArchiveOfTooManyEntriesIsRefused() {
        // hostile-count accepts 150 entries (pom)
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        for (int i = 0; i < 40; i++) {
            files.put("empty/" + i, new byte[0]);
        }
        assertRefusedThenRecovers(drops.landArchive("hostile-count", "d", "many.zip", TestDrops.zip(files)),
                "too-many-entries");
    }

    @Test
    void anObjectAboveTheDropLimitIsNotEvenRead() {
        // hostile-big accepts drops up to 80 kB (pom); the good drop after it is smaller
        assertRefusedThenRecovers(drops.landArchive("hostile-big", "d", "big.zip", SampleDrops.zip(sample.slice(0, 40))),
                "object-too-large");
    }

    @Test
    void brokenFilesAreLeftOutWithTheirReasons() {
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        byte[] png = sample.slice(0, 1).get(0).bytes();
        files.put("1/dimension-bomb.png", TestDrops.pngDeclaring(200_000, 200_000));
        files.put("2/truncated.png", java.util.Arrays.copyOf(png, png.length - 30));
        files.put("3/zero.png", new byte[0]);
        files.put("4/script.sh", "#!/bin/sh\nrm -rf /\n".getBytes());
        files.put("$(reboot)/x.png", png);
        files.put("loose.png", png);
        for (int i = 0; i < 3; i++) {
            files.put("__MACOSX/1/._" + i + ".png", new byte[] {0, 5, 22, 7});
        }
        DatasetLanded landed = drops.landArchive("hostile-files", "d", "mixed.zip", TestDrops.zip(files));
        DatasetPrepared prepared = drops.awaitPrepared(landed);
        assertEquals(120, StackDrops.total(prepared));
        assertEquals(9, prepared.dropped(), "six faults and three system files");
        Map<String, String> reasons = drops.awaitErrors("hostile-files", 6, e -> true).stream()
                .collect(Collectors.toMap(e -> e.subject().substring(landed.prefix().length()), PipelineError::reason));
        assertEquals(Map.of("1/dimension-bomb.png", "image-too-large", "2/truncated.png", "corrupt-image",
                "3/zero.png", "empty-file", "4/script.sh", "not-an-image", "$(reboot)/x.png", "unsafe-label",
                "loose.png", "no-label"), reasons);
        assertEquals(Map.of("image-too-large", 1, "corrupt-image", 1, "empty-file", 1, "not-an-image", 1,
                "unsafe-label", 1, "no-label", 1, "system-file", 3), drops.stats(prepared).dropped());
    }

    @Test
    void tooManyBrokenFilesRefuseTheDataset() {
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        for (int i = 0; i < 40; i++) {
            files.put((i % 10) + "/broken-" + i + ".png", ("not a png " + i).getBytes());
        }
        assertRefusedThenRecovers(drops.landArchive("hostile-share", "d", "bad.zip", TestDrops.zip(files)),
                "too-many-rejects");
    }

    @Test
    void nothingUsableIsAnEmptyDataset() {
        assertRefusedThenRecovers(drops.landArchive("hostile-empty", "d", "empty.zip",
                TestDrops.zip(Map.of("readme.txt", "hello".getBytes(), "1/a.txt", "x".getBytes()))), "empty-dataset");
    }

    @Test
    void aClassWithTooFewExamplesRefusesTheDataset() {
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        var keep = sample.slice(0, 3).stream().filter(i -> i.label().equals("5")).map(i -> "5/" + i.name()).toList();
        files.keySet().removeIf(p -> p.startsWith("5/") && !keep.contains(p));
        assertRefusedThenRecovers(drops.landArchive("hostile-thin", "d", "thin.zip", TestDrops.zip(files)),
                "too-few-examples");
    }

    @Test
    void garbageThatClaimsToBeAnArchiveIsCorrupt() {
        assertRefusedThenRecovers(drops.landArchive("hostile-garbage", "d", "x.tar.gz",
                "definitely not gzip".getBytes()), "corrupt-archive");
    }

    @Test
    void malformedEventsAreReportedAndTheConsumerCarriesOn() {
        drops.probe.publishRaw(Topics.DATASETS_LANDED, "hostile-events", "{this is not json");
        drops.probe.publishRaw(Topics.DATASETS_LANDED, "hostile-events", "{\"model\":\"hostile-events\",\"datasetId\":\"x\"}");
        drops.probe.publishRaw(Topics.DATASETS_LANDED, "hostile-events",
                "{\"model\":\"../etc\",\"datasetId\":\"x\",\"bucket\":\"landing\",\"prefix\":\"p\",\"objects\":[\"k\"]}");
        List<PipelineError> errors = drops.awaitErrors("hostile-events", 3, e -> "malformed-event".equals(e.reason()));
        assertEquals(3, errors.size());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("bucket")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("valid model")), errors.toString());
        drops.awaitPrepared(drops.landArchive("hostile-events", "good", "good.zip", SampleDrops.zip(sample.slice(150, 10))));
    }
}
