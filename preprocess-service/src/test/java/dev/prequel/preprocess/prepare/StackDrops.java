package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.Ids;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.model.shard.ShardReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Lands drops in the stack's S3 server and announces them on {@code datasets.landed} the way ingest does, then
 * reads what preprocess published and wrote: the tests' side of the real stack.
 */
final class StackDrops implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(90);

    final EventProbe probe;
    final StackObjects s3;

    StackDrops(LocalStack stack) {
        probe = new EventProbe(stack, Topics.DATASETS_PREPARED, Topics.ERRORS);
        s3 = new StackObjects(stack);
    }

    /** One archive object directly under the drop's prefix. */
    DatasetLanded landArchive(String model, String drop, String name, byte[] archive) {
        String prefix = "train/" + model + "/" + drop + "/";
        s3.put(Buckets.LANDING, prefix + name, archive);
        DatasetLanded landed = new DatasetLanded(model, Ids.datasetId(Ids.sha256Hex(archive)), Buckets.LANDING, prefix,
                List.of(prefix + name), archive.length, Instant.now(), "test-" + model + "-" + drop);
        probe.publish(landed);
        return landed;
    }

    /** Loose objects under the drop's prefix, announced as ingest does once their {@code _SUCCESS} marker lands. */
    DatasetLanded landLoose(String model, String drop, Map<String, byte[]> files) {
        String prefix = "train/" + model + "/" + drop + "/";
        List<String> keys = new ArrayList<>();
        StringBuilder identity = new StringBuilder();
        long bytes = 0;
        for (var f : new TreeMap<>(files).entrySet()) {
            s3.put(Buckets.LANDING, prefix + f.getKey(), f.getValue());
            keys.add(prefix + f.getKey());
            identity.append(f.getKey()).append('\t').append(Ids.sha256Hex(f.getValue())).append('\n');
            bytes += f.getValue().length;
        }
        s3.put(Buckets.LANDING, prefix + Buckets.SUCCESS_MARKER, new byte[0]);
        DatasetLanded landed = new DatasetLanded(model, Ids.datasetId(Ids.sha256Hex(
                identity.toString().getBytes(StandardCharsets.UTF_8))), Buckets.LANDING, prefix, keys, bytes,
                Instant.now(), "test-" + model + "-" + drop);
        probe.publish(landed);
        return landed;
    }

    DatasetPrepared awaitPrepared(DatasetLanded landed) {
        return probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model()), WAIT);
    }

    /** The error that refused a whole drop (its subject is the drop's prefix). */
    PipelineError awaitRefusal(DatasetLanded landed) {
        return probe.await(Topics.ERRORS, PipelineError.class,
                e -> landed.model().equals(e.model()) && landed.prefix().equals(e.subject()), WAIT);
    }

    List<PipelineError> awaitErrors(String model, int count, Predicate<PipelineError> match) {
        return probe.awaitCount(Topics.ERRORS, PipelineError.class, e -> model.equals(e.model()) && match.test(e),
                count, WAIT);
    }

    void assertNotPrepared(DatasetLanded landed) {
        assertTrue(probe.matching(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.datasetId().equals(landed.datasetId()) && e.model().equals(landed.model())).isEmpty(),
                "no dataset for a refused drop");
        assertTrue(!exists(Buckets.DATASETS, Buckets.manifestKey(landed.model(), landed.datasetId())),
                "no manifest for a refused drop");
    }

    boolean exists(String bucket, String key) {
        try {
            s3.get(bucket, key);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    DatasetManifest manifest(DatasetPrepared prepared) {
        return DatasetManifest.fromJson(s3.get(Buckets.DATASETS, prepared.manifestKey()));
    }

    DatasetStats stats(DatasetPrepared prepared) {
        return DatasetStats.fromJson(s3.get(Buckets.DATASETS, Buckets.statsKey(prepared.model(), prepared.datasetId())));
    }

    /** For each split, {@code label:sha256(pixels)} of its examples, read back from the stored shards. */
    Map<String, Set<String>> splitContents(DatasetPrepared prepared) {
        DatasetManifest manifest = manifest(prepared);
        Map<String, Set<String>> out = new TreeMap<>();
        for (ShardEntry shard : manifest.shards()) {
            byte[] bytes = s3.get(Buckets.DATASETS, Buckets.datasetPrefix(prepared.model(), prepared.datasetId())
                    + shard.key());
            try (ShardReader reader = new ShardReader(new ByteArrayInputStream(bytes), shard)) {
                while (reader.hasNext()) {
                    Example e = reader.next();
                    out.computeIfAbsent(shard.split(), k -> new HashSet<>()).add(manifest.classes().get(e.label()) + ":"
                            + HexFormat.of().formatHex(Ids.sha256().digest(e.pixels())));
                }
            }
        }
        return out;
    }

    static int total(DatasetPrepared prepared) {
        return prepared.splits().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void close() {
        probe.close();
    }
}
