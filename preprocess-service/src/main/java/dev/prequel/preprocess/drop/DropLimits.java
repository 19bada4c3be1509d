package dev.prequel.preprocess.drop;

/**
 * Limits that keep a hostile drop from exhausting the service: entry count, total uncompressed bytes,
 * bytes per entry and the compression ratio of an archive.
 */
public record DropLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, double maxCompressionRatio) {

    public static DropLimits defaults() {
        return new DropLimits(200_000, 4L * 1024 * 1024 * 1024, 64L * 1024 * 1024, 200.0);
    }
}
