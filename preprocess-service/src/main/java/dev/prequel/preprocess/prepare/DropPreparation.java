package dev.prequel.preprocess.prepare;

import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.preprocess.drop.DropFile;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.format.DatasetFormat;
import dev.prequel.preprocess.format.FormatDetector;
import dev.prequel.preprocess.format.SystemFiles;
import dev.prequel.preprocess.split.SplitAssigner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The preparation of one drop, with no service around it: a {@link DropReader} in, shard files in a local
 * directory and a manifest out. Detects the format, settles the class list, then decodes, converts, hashes,
 * deduplicates, splits and shards every sample ({@link ExampleWriter}), and finally checks that what is left is a
 * dataset worth training on. The service ({@link DatasetPreparer}) and the benchmark both run exactly this.
 */
public final class DropPreparation {

    /** Hears about every input left out for a fault of its own (duplicates and system files are only counted). */
    public interface Rejections {
        void rejected(String subject, String reason, String detail);
    }

    /**
     * @param keptHashes the identities of the examples written, for the line's duplicate index
     */
    public record Result(DatasetManifest manifest, PreparationReport report, String format, List<ContentHash> keptHashes) {
    }

    private final PreparationSettings settings;

    public DropPreparation(PreparationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param championClasses the line's champion's classes, or null when it has none
     * @param earlier identities of examples already in the line's earlier datasets
     * @param shardDirectory where the shard files are written, named by their keys
     * @throws DropRejectedException when the drop as a whole cannot become a dataset
     */
    public Result prepare(String model, String datasetId, DropReader reader, List<String> championClasses,
            Set<ContentHash> earlier, Path shardDirectory, Rejections rejections) {
        PreparationReport report = new PreparationReport();
        Rejections counted = (subject, reason, detail) -> {
            report.left(reason);
            if (PreparationReport.isFault(reason)) {
                rejections.rejected(subject, reason, detail);
            }
        };
        reader.skipped().forEach(s -> counted.rejected(s.name(), s.reason(), s.detail()));
        List<DropFile> data = new ArrayList<>();
        for (DropFile f : reader.files()) {
            if (SystemFiles.isSystemFile(f.path())) {
                counted.rejected(f.path(), PreparationReport.SYSTEM_FILE, "archiver or desktop metadata");
            } else {
                data.add(f);
            }
        }
        DatasetFormat format = FormatDetector.open(reader, data, settings.maxImagePixels());
        List<String> classes = ClassPolicy.resolve(championClasses, format.classNames(), settings.acceptNewClasses());
        SplitShardSink shards = new SplitShardSink(shardDirectory, settings.shape(), settings.shardSize());
        ExampleWriter writer = new ExampleWriter(settings, classes, earlier,
                new SplitAssigner(settings.validationPercent(), settings.testPercent()), shards, report, counted);
        try (shards) {
            format.read(writer);
        }
        check(report, shards.splitCounts());
        DatasetManifest manifest = new DatasetManifest(model, datasetId, classes, settings.shape(), shards.mean(),
                shards.std(), shards.shards(), shards.splitCounts(), report.dropped(), Instant.now());
        return new Result(manifest, report, format.name(), writer.keptHashes());
    }

    private void check(PreparationReport report, Map<String, Integer> splitCounts) {
        if (report.kept() == 0) {
            if (report.count(PreparationReport.DUPLICATE_OF_EARLIER) > 0) {
                throw new DropRejectedException("no-new-examples", "every usable image is already in an earlier"
                        + " dataset of this line (" + report.count(PreparationReport.DUPLICATE_OF_EARLIER) + ")");
            }
            throw new DropRejectedException("empty-dataset", "no usable image in the drop (" + report.seen()
                    + " input(s) seen, dropped: " + report.droppedByReason() + ")");
        }
        if (report.perClass().size() < 2) {
            throw new DropRejectedException("single-class", "a dataset needs at least two classes; found "
                    + report.perClass().keySet());
        }
        double share = (double) report.unusable() / report.seen();
        if (share > settings.maxRejectedShare()) {
            throw new DropRejectedException("too-many-rejects", String.format(Locale.ROOT,
                    "%.0f%% of the inputs were unusable (limit %.0f%%, prequel.preprocess.max-rejected-share): %s",
                    share * 100, settings.maxRejectedShare() * 100, report.droppedByReason()));
        }
        var thin = report.perClass().entrySet().stream().filter(e -> e.getValue() < settings.minExamplesPerClass())
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        if (!thin.isEmpty()) {
            throw new DropRejectedException("too-few-examples", "classes " + thin + " have fewer than "
                    + settings.minExamplesPerClass() + " usable examples (prequel.preprocess.min-examples-per-class)");
        }
        if (splitCounts.getOrDefault(DatasetManifest.TRAIN, 0) == 0) {
            throw new DropRejectedException("empty-dataset", "no example fell into the train split");
        }
    }
}
