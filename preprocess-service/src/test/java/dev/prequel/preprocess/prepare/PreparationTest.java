package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.preprocess.TestDrops;
import dev.prequel.model.shard.DatasetManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Preprocess against a real Kafka broker and S3 server, fed the way ingest feeds it: the repository's sample. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class PreparationTest {

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

    private DatasetLanded land(String model, String drop, byte[] zip) {
        return drops.landArchive(model, drop, "drop.zip", zip);
    }

    @Test
    void aDropIsDecodedSplitShardedAndDescribed() {
        DatasetLanded landed = land("prep-a", "d1", SampleDrops.zip(sample.slice(0, 20)));
        DatasetPrepared prepared = drops.awaitPrepared(landed);
        assertEquals(sample.labels(), prepared.classes());
        assertEquals(200, StackDrops.total(prepared));
        assertEquals(0, prepared.dropped());
        assertEquals(List.of(1, 28, 28), List.of(prepared.channels(), prepared.height(), prepared.width()));

        DatasetManifest manifest = drops.manifest(prepared);
        Map<String, Set<String>> contents = drops.splitContents(prepared);
        assertEquals(prepared.splits().get("train"), contents.get("train").size());
        assertTrue(prepared.splits().get("train") > 140, prepared.splits().toString());
        assertTrue(manifest.mean()[0] > 0.05 && manifest.mean()[0] < 0.3, "MNIST is mostly black: " + manifest.mean()[0]);
        assertTrue(new String(drops.s3.get(Buckets.DATASETS, Buckets.statsKey("prep-a", landed.datasetId())))
                .contains("perClass"));
    }

    @Test
    void aRedeliveryAnnouncesTheSameDatasetWithoutPreparingItAgain() {
        DatasetLanded landed = land("prep-b", "d1", SampleDrops.zip(sample.slice(20, 10)));
        drops.awaitPrepared(landed);
        byte[] manifestBefore = drops.s3.get(Buckets.DATASETS, Buckets.manifestKey("prep-b", landed.datasetId()));
        drops.probe.publish(landed);
        List<DatasetPrepared> both = drops.probe.awaitCount(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model()), 2, StackDrops.WAIT);
        assertEquals(both.get(0), both.get(1));
        assertEquals(new String(manifestBefore), new String(drops.s3.get(Buckets.DATASETS,
                Buckets.manifestKey("prep-b", landed.datasetId()))), "the manifest was not rewritten");
    }

    @Test
    void theSameImagesInTwoArchivesFallIntoTheSameSplits() {
        List<SampleDrops.LabelledImage> images = new ArrayList<>(sample.slice(30, 10));
        DatasetLanded one = land("prep-c", "ordered", SampleDrops.zip(images));
        Collections.reverse(images);
        Map<String, byte[]> renamed = new LinkedHashMap<>();
        images.forEach(i -> renamed.put("nested/" + i.label() + "/copy-" + i.name(), i.bytes()));
        // Another line: within one line the second drop would be all duplicates of the first.
        DatasetLanded two = land("prep-c2", "reversed", TestDrops.zip(renamed));
        assertEquals(drops.splitContents(drops.awaitPrepared(one)), drops.splitContents(drops.awaitPrepared(two)));
    }

    @Test
    void brokenAndHostileFilesAreDroppedWithAReasonAndTheRestIsPrepared() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        sample.slice(40, 10).forEach(i -> entries.put(i.label() + "/" + i.name(), i.bytes()));
        byte[] png = sample.slice(0, 1).get(0).bytes();
        entries.put("3/truncated.png", Arrays.copyOf(png, png.length / 2));
        entries.put("4/empty.png", new byte[0]);
        entries.put("5/notes.txt", "not an image".getBytes());
        entries.put("../escape.png", png);
        DatasetLanded landed = land("prep-d", "hostile", TestDrops.zip(entries));
        DatasetPrepared prepared = drops.awaitPrepared(landed);
        assertEquals(100, StackDrops.total(prepared));
        assertEquals(4, prepared.dropped());
        Map<String, String> reasons = drops.awaitErrors("prep-d", 4, e -> true).stream()
                .collect(Collectors.toMap(PipelineError::subject, PipelineError::reason, (a, b) -> a));
        assertEquals("corrupt-image", reasons.get("train/prep-d/hostile/3/truncated.png"));
        assertEquals("empty-file", reasons.get("train/prep-d/hostile/4/empty.png"));
        assertEquals("not-an-image", reasons.get("train/prep-d/hostile/5/notes.txt"));
        assertEquals("unsafe-path", reasons.get("train/prep-d/hostile/../escape.png"));
    }

    @Test
    void aSingleClassIsRefusedAndTheNextDropStillWorks() {
        List<SampleDrops.LabelledImage> sevens = sample.slice(50, 10).stream().filter(i -> i.label().equals("7")).toList();
        DatasetLanded bad = land("prep-e", "sevens", SampleDrops.zip(sevens));
        assertEquals("single-class", drops.awaitRefusal(bad).reason());
        drops.assertNotPrepared(bad);
        drops.awaitPrepared(land("prep-e", "all", SampleDrops.zip(sample.slice(60, 10))));
    }
}
