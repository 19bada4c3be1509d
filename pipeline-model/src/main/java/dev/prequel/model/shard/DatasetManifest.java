package dev.prequel.model.shard;

import dev.prequel.events.EventJson;
import dev.prequel.model.image.ImageShape;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a prepared dataset: what a trainer or evaluator needs to stream it.
 *
 * @param classes class names; a label is an index into this list
 * @param shape the shape every shard's images have
 * @param mean per-channel mean of the train split, pixel values scaled to [0, 1]
 * @param std per-channel standard deviation of the train split, same scale
 * @param shards every shard, in reading order
 * @param splits number of examples per split
 * @param dropped inputs left out while preparing (corrupt, duplicate, unknown label, ...)
 * @param createdAt when it was written
 */
public record DatasetManifest(String model, String datasetId, List<String> classes, ImageShape shape, float[] mean,
        float[] std, List<ShardEntry> shards, Map<String, Integer> splits, int dropped, Instant createdAt) {

    public static final String FILE_NAME = "manifest.json";
    public static final String TRAIN = "train";
    public static final String VALIDATION = "val";
    public static final String TEST = "test";

    public DatasetManifest {
        classes = List.copyOf(classes);
        shards = List.copyOf(shards);
        splits = Map.copyOf(splits);
        if (shape == null) {
            throw new IllegalArgumentException("shape must be set");
        }
        if (mean == null || std == null || mean.length != shape.channels() || std.length != shape.channels()) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + shape.channels() + ")");
        }
    }

    /** The shards of one split, in order. */
    public List<ShardEntry> shards(String split) {
        return shards.stream().filter(s -> s.split().equals(split)).toList();
    }

    /** The number of examples in one split, 0 when absent. */
    public int examples(String split) {
        return splits.getOrDefault(split, 0);
    }

    public byte[] toJson() {
        return EventJson.writeBytes(this);
    }

    /** Parses a manifest; a malformed one raises {@link EventJson.MalformedEventException}. */
    public static DatasetManifest fromJson(byte[] json) {
        return EventJson.read(json, DatasetManifest.class);
    }
}
