package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.Ids;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.model.shard.ShardReader;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Preprocess against a real Kafka broker and S3 server, fed the way ingest feeds it. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class PreparationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    LocalStack stack;
    private EventProbe probe;
    private MinioClient s3;
    private static SampleDrops sample;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.DATASETS_PREPARED, Topics.ERRORS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
        if (sample == null) {
            sample = SampleDrops.load(SampleDrops.locateSample());
        }
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private DatasetLanded land(String model, String drop, byte[] zip) throws Exception {
        String key = "train/" + model + "/" + drop + "/drop.zip";
        s3.putObject(PutObjectArgs.builder().bucket(Buckets.LANDING).object(key)
                .stream(new ByteArrayInputStream(zip), zip.length, -1).build());
        DatasetLanded landed = new DatasetLanded(model, Ids.datasetId(Ids.sha256Hex(zip)), Buckets.LANDING,
                "train/" + model + "/" + drop + "/", List.of(key), zip.length, Instant.now(), "test-" + drop);
        probe.publish(landed);
        return landed;
    }

    private byte[] read(String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static byte[] zipOf(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** For each split, the content hashes of its examples' pixels. */
    private Map<String, Set<String>> splitContents(String model, DatasetManifest manifest) throws Exception {
        Map<String, Set<String>> out = new TreeMap<>();
        for (ShardEntry shard : manifest.shards()) {
            byte[] bytes = read(Buckets.DATASETS, Buckets.datasetPrefix(model, manifest.datasetId()) + shard.key());
            try (ShardReader reader = new ShardReader(new ByteArrayInputStream(bytes), shard)) {
                while (reader.hasNext()) {
                    Example e = reader.next();
                    out.computeIfAbsent(shard.split(), k -> new java.util.HashSet<>())
                            .add(e.label() + ":" + HexFormat.of().formatHex(Ids.sha256().digest(e.pixels())));
                }
            }
        }
        return out;
    }

    @Test
    void aDropIsDecodedSplitShardedAndDescribed() throws Exception {
        DatasetLanded landed = land("prep-a", "d1", SampleDrops.zip(sample.slice(0, 20)));
        DatasetPrepared prepared = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model()), WAIT);
        assertEquals(sample.labels(), prepared.classes());
        assertEquals(200, prepared.splits().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, prepared.dropped());
        assertEquals(List.of(1, 28, 28), List.of(prepared.channels(), prepared.height(), prepared.width()));

        DatasetManifest manifest = DatasetManifest.fromJson(read(Buckets.DATASETS, prepared.manifestKey()));
        Map<String, Set<String>> contents = splitContents("prep-a", manifest);
        assertEquals(prepared.splits().get("train"), contents.get("train").size());
        assertTrue(prepared.splits().get("train") > 140, prepared.splits().toString());
        assertTrue(manifest.mean()[0] > 0.05 && manifest.mean()[0] < 0.3, "MNIST is mostly black: " + manifest.mean()[0]);
        assertTrue(new String(read(Buckets.DATASETS, Buckets.statsKey("prep-a", landed.datasetId()))).contains("perClass"));
    }

    @Test
    void aRedeliveryAnnouncesTheSameDatasetWithoutPreparingItAgain() throws Exception {
        DatasetLanded landed = land("prep-b", "d1", SampleDrops.zip(sample.slice(20, 10)));
        probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class, e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model()), WAIT);
        byte[] manifestBefore = read(Buckets.DATASETS, Buckets.manifestKey("prep-b", landed.datasetId()));
        probe.publish(landed);
        List<DatasetPrepared> both = probe.awaitCount(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model()), 2, WAIT);
        assertEquals(both.get(0), both.get(1));
        assertEquals(new String(manifestBefore), new String(read(Buckets.DATASETS,
                Buckets.manifestKey("prep-b", landed.datasetId()))), "the manifest was not rewritten");
    }

    @Test
    void theSameImagesInTwoArchivesFallIntoTheSameSplits() throws Exception {
        List<SampleDrops.LabelledImage> images = new ArrayList<>(sample.slice(30, 10));
        DatasetLanded one = land("prep-c", "ordered", SampleDrops.zip(images));
        Collections.reverse(images);
        Map<String, byte[]> renamed = new java.util.LinkedHashMap<>();
        images.forEach(i -> renamed.put("nested/" + i.label() + "/copy-" + i.name(), i.bytes()));
        // Another line: within one line the second drop would be all duplicates of the first.
        DatasetLanded two = land("prep-c2", "reversed", zipOf(renamed));
        DatasetPrepared p1 = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(one.datasetId()) && e.model().equals(one.model()), WAIT);
        DatasetPrepared p2 = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(two.datasetId()) && e.model().equals(two.model()), WAIT);
        assertEquals(splitContents("prep-c", DatasetManifest.fromJson(read(Buckets.DATASETS, p1.manifestKey()))),
                splitContents("prep-c2", DatasetManifest.fromJson(read(Buckets.DATASETS, p2.manifestKey()))));
    }

    @Test
    void brokenAndHostileFilesAreDroppedWithAReasonAndTheRestIsPrepared() throws Exception {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        sample.slice(40, 10).forEach(i -> entries.put(i.label() + "/" + i.name(), i.bytes()));
        byte[] png = sample.slice(0, 1).get(0).bytes();
        entries.put("3/truncated.png", java.util.Arrays.copyOf(png, png.length / 2));
        entries.put("4/empty.png", new byte[0]);
        entries.put("5/notes.txt", "not an image".getBytes());
        entries.put("../escape.png", png);
        DatasetLanded landed = land("prep-d", "hostile", zipOf(entries));
        DatasetPrepared prepared = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model()), WAIT);
        assertEquals(100, prepared.splits().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(4, prepared.dropped());
        Map<String, String> reasons = probe.awaitCount(Topics.ERRORS, PipelineError.class,
                e -> "prep-d".equals(e.model()), 4, WAIT).stream()
                .collect(Collectors.toMap(PipelineError::subject, PipelineError::reason, (a, b) -> a));
        assertEquals("corrupt-image", reasons.get("train/prep-d/hostile/3/truncated.png"));
        assertEquals("empty-file", reasons.get("train/prep-d/hostile/4/empty.png"));
        assertEquals("not-an-image", reasons.get("train/prep-d/hostile/5/notes.txt"));
        assertEquals("unsafe-path", reasons.get("train/prep-d/hostile/../escape.png"));
    }

    @Test
    void aSingleClassIsRefusedAndTheNextDropStillWorks() throws Exception {
        List<SampleDrops.LabelledImage> sevens = sample.slice(50, 10).stream().filter(i -> i.label().equals("7")).toList();
        DatasetLanded bad = land("prep-e", "sevens", SampleDrops.zip(sevens));
        PipelineError error = probe.await(Topics.ERRORS, PipelineError.class,
                e -> "prep-e".equals(e.model()) && e.subject().contains("sevens"), WAIT);
        assertEquals("single-class", error.reason());
        assertTrue(probe.matching(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(bad.datasetId()) && e.model().equals(bad.model())).isEmpty());
        DatasetLanded good = land("prep-e", "all", SampleDrops.zip(sample.slice(60, 10)));
        probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class, e -> e.datasetId().equals(good.datasetId()) && e.model().equals(good.model()), WAIT);
    }
}
