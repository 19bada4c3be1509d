package dev.prequel.preprocess.prepare;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.EventJson;
import dev.prequel.events.Ids;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.preprocess.drop.DropEntry;
import dev.prequel.preprocess.drop.DropLimits;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.drop.ZipDropReader;
import dev.prequel.preprocess.split.SplitAssigner;
import dev.prequel.runtime.champion.ChampionStore;
import dev.prequel.runtime.config.LineSettings;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns one landed drop into a prepared dataset: decode, convert to the line's input shape, drop what is
 * broken or duplicated, split by content hash, shard, and write manifest and statistics.
 */
@ApplicationScoped
public class DatasetPreparer {

    private static final Logger LOG = Logger.getLogger(DatasetPreparer.class);
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}");
    /** Per-file rejections beyond this many per dataset are counted but not published one by one. */
    private static final int MAX_REPORTED_FILES = 50;

    private final ObjectStore store;
    private final ChampionStore champions;
    private final ErrorReporter errors;
    private final LineSettings settings = new LineSettings("preprocess");
    private final int validationPercent;
    private final int testPercent;
    private final int shardSize;
    private final double maxRejectedShare;
    private final long maxDropBytes;

    public DatasetPreparer(ObjectStore store, ChampionStore champions, ErrorReporter errors,
            @ConfigProperty(name = "prequel.preprocess.validation-percent") int validationPercent,
            @ConfigProperty(name = "prequel.preprocess.test-percent") int testPercent,
            @ConfigProperty(name = "prequel.preprocess.shard-size") int shardSize,
            @ConfigProperty(name = "prequel.preprocess.max-rejected-share") double maxRejectedShare,
            @ConfigProperty(name = "prequel.preprocess.max-drop-bytes") long maxDropBytes) {
        this.store = store;
        this.champions = champions;
        this.errors = errors;
        this.validationPercent = validationPercent;
        this.testPercent = testPercent;
        this.shardSize = shardSize;
        this.maxRejectedShare = maxRejectedShare;
        this.maxDropBytes = maxDropBytes;
    }

    public record Prepared(DatasetManifest manifest, PreparationReport report) {
    }

    public Prepared prepare(DatasetLanded landed) {
        if (landed.bytes() > maxDropBytes) {
            throw new DropRejectedException("object-too-large", "the drop has " + landed.bytes()
                    + " bytes; the limit is " + maxDropBytes + " (prequel.preprocess.max-drop-bytes)");
        }
        String model = landed.model();
        ImageShape shape = new ImageShape(settings.getInt(model, "channels"), settings.getInt(model, "height"),
                settings.getInt(model, "width"));
        Path work = null;
        try {
            work = Files.createTempDirectory("prequel-prepare-");
            Drop drop = open(landed, work);
            List<String> classes = classesFor(model, drop.paths());
            PreparationReport report = new PreparationReport();
            SplitAssigner splits = new SplitAssigner(validationPercent, testPercent);
            Set<String> seenHashes = new HashSet<>();
            Path shardDir = Files.createDirectories(work.resolve("shards"));
            SplitShardSink sink = new SplitShardSink(shardDir, shape, shardSize);
            try (sink) {
                drop.read(entry -> accept(entry, landed, classes, shape, splits, seenHashes, sink, report));
            }
            check(report, classes, sink.splitCounts());
            DatasetManifest manifest = new DatasetManifest(model, landed.datasetId(), classes, shape, sink.mean(),
                    sink.std(), sink.shards(), sink.splitCounts(), report.dropped(), Instant.now());
            upload(manifest, shardDir, report);
            return new Prepared(manifest, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(work);
        }
    }

    private void accept(DropEntry entry, DatasetLanded landed, List<String> classes, ImageShape shape,
            SplitAssigner splits, Set<String> seenHashes, SplitShardSink sink, PreparationReport report) {
        report.seen++;
        String label = labelOf(entry.path());
        String rejection = null;
        String detail = null;
        int index = -1;
        if (label == null) {
            rejection = "no-label";
            detail = "files must sit in a folder named after their label";
        } else if ((index = classes.indexOf(label)) < 0) {
            rejection = "unknown-label";
            detail = "label '" + label + "' is not one of the model line's classes " + classes;
        } else if (entry.bytes().length == 0) {
            rejection = "empty-file";
            detail = "zero-byte file";
        }
        byte[] pixels = null;
        byte[] hash = null;
        if (rejection == null) {
            try {
                pixels = PixelConverter.toPixels(ImageDecoder.decode(entry.bytes()), shape);
                hash = Ids.sha256().digest(entry.bytes());
                if (!seenHashes.add(java.util.HexFormat.of().formatHex(hash))) {
                    rejection = "duplicate";
                    detail = "same content as an earlier file of this drop";
                }
            } catch (ImageRejectedException e) {
                rejection = e.reason();
                detail = e.getMessage();
            }
        }
        if (rejection != null) {
            report.dropped(rejection);
            if (report.dropped() <= MAX_REPORTED_FILES && !"duplicate".equals(rejection)) {
                errors.report(rejection, detail, landed.model(), landed.prefix() + entry.path(), landed.correlationId());
            }
            return;
        }
        sink.write(splits.splitOf(hash), index, pixels);
        report.kept(label);
    }

    private void check(PreparationReport report, List<String> classes, Map<String, Integer> splitCounts) {
        if (report.kept() == 0) {
            throw new DropRejectedException("empty-dataset", "no usable image in the drop (" + report.seen()
                    + " file(s) seen, dropped: " + report.droppedByReason() + ")");
        }
        if (report.perClass().size() < 2) {
            throw new DropRejectedException("single-class", "a dataset needs at least two classes; found "
                    + report.perClass().keySet());
        }
        double share = (double) report.dropped() / report.seen();
        if (share > maxRejectedShare) {
            throw new DropRejectedException("too-many-rejects", String.format(Locale.ROOT,
                    "%.0f%% of the files were unusable (limit %.0f%%): %s", share * 100, maxRejectedShare * 100,
                    report.droppedByReason()));
        }
        if (splitCounts.getOrDefault(DatasetManifest.TRAIN, 0) == 0) {
            throw new DropRejectedException("empty-dataset", "no example fell into the train split");
        }
    }

    /** The line's classes: the champion's when there is one (labels must keep their meaning), else the drop's. */
    private List<String> classesFor(String model, List<String> paths) {
        var champion = champions.current(model);
        if (champion.isPresent()) {
            return champions.classesOf(model, champion.get().version());
        }
        TreeSet<String> labels = new TreeSet<>();
        for (String p : paths) {
            String label = labelOf(p);
            if (label != null && ImageFiles.looksLikeImage(p)) {
                labels.add(label);
            }
        }
        return new ArrayList<>(labels);
    }

    /** The label is the name of the folder that holds the file. */
    static String labelOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        String folder = path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
        return LABEL.matcher(folder).matches() ? folder : null;
    }

    private void upload(DatasetManifest manifest, Path shardDir, PreparationReport report) {
        String prefix = Buckets.datasetPrefix(manifest.model(), manifest.datasetId());
        for (ShardEntry shard : manifest.shards()) {
            store.put(Buckets.DATASETS, prefix + shard.key(), shardDir.resolve(shard.key()), "application/octet-stream");
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("model", manifest.model());
        stats.put("datasetId", manifest.datasetId());
        stats.put("filesSeen", report.seen());
        stats.put("examplesKept", report.kept());
        stats.put("perClass", report.perClass());
        stats.put("splits", manifest.splits());
        stats.put("dropped", report.droppedByReason());
        stats.put("channelMean", manifest.mean());
        stats.put("channelStd", manifest.std());
        store.put(Buckets.DATASETS, Buckets.statsKey(manifest.model(), manifest.datasetId()), EventJson.writeBytes(stats),
                "application/json");
        // The manifest goes last: its presence means the dataset is complete.
        store.put(Buckets.DATASETS, Buckets.manifestKey(manifest.model(), manifest.datasetId()), manifest.toJson(),
                "application/json");
    }

    /** The files of a drop: one zip archive, or loose objects under the drop's prefix. */
    private interface Drop {
        List<String> paths();

        void read(Consumer<DropEntry> sink);
    }

    private Drop open(DatasetLanded landed, Path work) {
        ZipDropReader zips = new ZipDropReader(DropLimits.defaults());
        if (landed.objects().size() == 1 && landed.objects().get(0).toLowerCase(Locale.ROOT).endsWith(".zip")) {
            Path zip = work.resolve("drop.zip");
            store.download(landed.bucket(), landed.objects().get(0), zip);
            List<String> paths = zips.paths(zip, unsafe -> errors.report("unsafe-path",
                    "archive entry escapes the drop", landed.model(), unsafe, landed.correlationId()));
            return new Drop() {
                public List<String> paths() {
                    return paths;
                }

                public void read(Consumer<DropEntry> sink) {
                    zips.read(zip, sink);
                }
            };
        }
        for (String key : landed.objects()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".tar") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
                throw new DropRejectedException("unsupported-format", "tar archives are not supported yet: " + key);
            }
        }
        List<String> paths = landed.objects().stream().map(k -> k.substring(landed.prefix().length())).toList();
        return new Drop() {
            public List<String> paths() {
                return paths;
            }

            public void read(Consumer<DropEntry> sink) {
                for (String key : landed.objects()) {
                    sink.accept(new DropEntry(key.substring(landed.prefix().length()), store.read(landed.bucket(), key)));
                }
            }
        };
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
