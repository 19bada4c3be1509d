package dev.prequel.model.shard;

/**
 * One shard in a {@link DatasetManifest}.
 *
 * @param split the split it belongs to ({@code train}, {@code val}, {@code test})
 * @param key its path relative to the dataset's prefix ({@code datasets/<model>/<datasetId>/}),
 *     also its file name in a local copy, e.g. {@code train-00000.shard}
 * @param examples the number of records
 * @param bytes the file's length
 * @param sha256 lower-case hex SHA-256 of the whole file
 */
public record ShardEntry(String split, String key, int examples, long bytes, String sha256) {

    public ShardEntry {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split must be set");
        }
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("shard key must be a relative path without '..', was " + key);
        }
        if (examples < 0 || bytes < 0) {
            throw new IllegalArgumentException("examples and bytes must not be negative");
        }
    }
}
