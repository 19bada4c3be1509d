package dev.prequel.preprocess.prepare;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.ModelPromoted;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.preprocess.codelength.ChampionCodeLength;
import dev.prequel.preprocess.drift.DriftCheck;
import dev.prequel.preprocess.drift.DriftReport;
import dev.prequel.preprocess.drop.ArchiveReaders;
import dev.prequel.preprocess.drop.ArchiveType;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.drop.LooseDropReader;
import dev.prequel.runtime.champion.ChampionStore;
import dev.prequel.runtime.config.LineSettings;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Turns one landed drop into a prepared dataset: the service side of {@link DropPreparation}. Fetches the drop,
 * the line's champion classes and its index of earlier examples, runs the preparation, measures drift against the
 * previous dataset and the code length under the champion, and uploads shards, {@code stats.json}, the line's
 * index and, last, {@code manifest.json}, whose presence marks the dataset complete.
 */
@ApplicationScoped
public class DatasetPreparer {

    private static final Logger LOG = Logger.getLogger(DatasetPreparer.class);
    /** Per-input rejections beyond this many per dataset are counted but not published one by one. */
    private static final int MAX_REPORTED_FILES = 50;

    private final ObjectStore store;
    private final ChampionStore champions;
    private final ErrorReporter errors;
    private final LineIndex index;
    private final ChampionCodeLength codeLength;
    private final LineSettings settings = new LineSettings("preprocess");

    public DatasetPreparer(ObjectStore store, ChampionStore champions, ErrorReporter errors, LineIndex index,
            ChampionCodeLength codeLength) {
        this.store = store;
        this.champions = champions;
        this.errors = errors;
        this.index = index;
        this.codeLength = codeLength;
    }

    public record Prepared(DatasetManifest manifest, DatasetStats stats) {
    }

    public Prepared prepare(DatasetLanded landed) {
        String model = landed.model();
        long maxDropBytes = settings.get(model, "max-drop-bytes", Long.class);
        if (landed.bytes() > maxDropBytes) {
            throw new DropRejectedException("object-too-large", "the drop has " + landed.bytes()
                    + " bytes; the limit is " + maxDropBytes + " (prequel.preprocess.max-drop-bytes)");
        }
        PreparationSettings line = PreparationSettings.forLine(settings, model);
        Optional<ModelPromoted> champion = champions.current(model);
        List<String> championClasses = champion.map(c -> champions.classesOf(model, c.version())).orElse(null);
        AtomicInteger published = new AtomicInteger();
        DropPreparation.Rejections rejections = (subject, reason, detail) -> {
            if (published.incrementAndGet() <= MAX_REPORTED_FILES) {
                errors.report(reason, detail, model, landed.prefix() + subject, landed.correlationId());
            }
        };
        try (WorkDirectory work = WorkDirectory.create("prequel-prepare-");
                DropReader reader = open(landed, work.path(), line)) {
            Path shardDir = Files.createDirectories(work.resolve("shards"));
            DropPreparation.Result result = new DropPreparation(line).prepare(model, landed.datasetId(), reader,
                    championClasses, index.earlierHashes(model, landed.datasetId()), shardDir, rejections);
            DatasetStats stats = DatasetStats.of(result);
            DriftReport drift = index.previousStats(model, landed.datasetId())
                    .map(previous -> driftCheck(model).compare(previous.profile(), stats.profile())).orElse(null);
            if (drift != null && drift.flagged()) {
                LOG.warnf("dataset %s of %s drifted from %s: %s", landed.datasetId(), model, drift.previousDatasetId(),
                        drift.reasons());
            }
            var bits = champion.flatMap(c -> codeLength.measure(c, result.manifest(), shardDir,
                    settings.getInt(model, "code-length-max-examples"), settings.getInt(model, "suspicious-labels")));
            DatasetStats complete = stats.with(drift, bits.orElse(null));
            upload(result, complete, shardDir, bits.map(ChampionCodeLength.Measured::suspicious).orElse(null));
            return new Prepared(result.manifest(), complete);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private DriftCheck driftCheck(String model) {
        return new DriftCheck(settings.get(model, "drift-threshold", Double.class),
                settings.get(model, "drift-mean-shift-threshold", Double.class));
    }

    /** One archive object is opened as that archive; anything else is a drop of loose objects. */
    private DropReader open(DatasetLanded landed, Path work, PreparationSettings line) {
        if (landed.objects().size() == 1) {
            String key = landed.objects().get(0);
            ArchiveType claimed = ArchiveType.byName(key);
            if (claimed != ArchiveType.NONE) {
                Path archive = work.resolve("drop.archive");
                store.download(landed.bucket(), key, archive);
                return ArchiveReaders.open(archive, claimed, work, line.limits());
            }
        }
        return new LooseDropReader(store, landed.bucket(), landed.prefix(), landed.objects(), line.limits());
    }

    private void upload(DropPreparation.Result result, DatasetStats stats, Path shardDir,
            dev.prequel.events.SuspiciousLabels suspicious) {
        DatasetManifest manifest = result.manifest();
        String prefix = Buckets.datasetPrefix(manifest.model(), manifest.datasetId());
        for (ShardEntry shard : manifest.shards()) {
            store.put(Buckets.DATASETS, prefix + shard.key(), shardDir.resolve(shard.key()), "application/octet-stream");
        }
        store.put(Buckets.DATASETS, Buckets.statsKey(manifest.model(), manifest.datasetId()), stats.toJson(),
                "application/json");
        if (suspicious != null) {
            store.put(Buckets.DATASETS, Buckets.suspiciousKey(manifest.model(), manifest.datasetId()),
                    dev.prequel.events.EventJson.writeBytes(suspicious), "application/json");
        }
        index.record(manifest.model(), manifest.datasetId(), result.keptHashes());
        // The manifest goes last: its presence means the dataset is complete.
        store.put(Buckets.DATASETS, Buckets.manifestKey(manifest.model(), manifest.datasetId()), manifest.toJson(),
                "application/json");
    }

    /** The statistics of an already prepared dataset, for announcing it again exactly as the first time. */
    public Optional<DatasetStats> statsOf(String model, String datasetId) {
        try {
            return store.readIfExists(Buckets.DATASETS, Buckets.statsKey(model, datasetId)).map(DatasetStats::fromJson);
        } catch (RuntimeException e) {
            if (dev.prequel.runtime.durable.Failures.isTransient(e)) {
                throw e; // retried: announcing the dataset without its statistics would change what its line decides
            }
            LOG.warnf("statistics of %s/%s are unreadable: %s", model, datasetId, e.getMessage());
            return Optional.empty();
        }
    }
}
