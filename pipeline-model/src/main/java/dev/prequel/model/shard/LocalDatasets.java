package dev.prequel.model.shard;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small prepared dataset (one shard per split, plus {@code manifest.json}) to a local directory from
 * examples already in memory: for tests, benchmarks and tools. The services' own preprocessing streams instead.
 */
public final class LocalDatasets {
    private LocalDatasets() {
    }

    public static DatasetManifest write(Path dir, String model, String datasetId, List<String> classes, ImageShape shape,
            Map<String, List<Example>> splits) {
        try {
            Files.createDirectories(dir);
            List<ShardEntry> entries = new ArrayList<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (var split : splits.entrySet()) {
                String key = ShardFormat.key(split.getKey(), 0);
                ShardWriter writer = new ShardWriter(Files.newOutputStream(dir.resolve(key)), shape);
                try (writer) {
                    split.getValue().forEach(writer::write);
                }
                entries.add(writer.entry(split.getKey(), key));
                counts.put(split.getKey(), split.getValue().size());
            }
            List<Example> train = splits.getOrDefault(DatasetManifest.TRAIN, List.of());
            Normalisation n = train.isEmpty() ? Normalisation.identity(shape.channels())
                    : Normalisation.compute(train, shape);
            DatasetManifest manifest = new DatasetManifest(model, datasetId, classes, shape, n.mean(), n.std(), entries,
                    counts, 0, Instant.now());
            Files.write(dir.resolve(DatasetManifest.FILE_NAME), manifest.toJson());
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
