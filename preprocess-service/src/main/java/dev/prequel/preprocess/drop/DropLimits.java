package dev.prequel.preprocess.drop;

/**
 * Limits that keep a hostile drop from exhausting the service. Bytes are counted as they are actually read
 * or inflated, never taken from an archive's declared sizes.
 *
 * @param maxEntries entries an archive may hold (directories, links and skipped entries included)
 * @param maxTotalBytes bytes read from the drop in all, after decompression
 * @param maxEntryBytes bytes of one file, after decompression; a larger file is skipped as {@code file-too-large}
 * @param maxCompressionRatio inflated / compressed bytes of an entry or of a gzip stream, checked past 1 MiB
 */
public record DropLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, double maxCompressionRatio) {

    /** Below this many inflated bytes the ratio is not checked: tiny files of zeros are no threat. */
    public static final long RATIO_GRACE_BYTES = 1024 * 1024;

    public DropLimits {
        if (maxEntries < 1 || maxTotalBytes < 1 || maxEntryBytes < 1 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("drop limits must be positive (ratio >= 1)");
        }
    }

    public static DropLimits defaults() {
        return new DropLimits(200_000, 4L * 1024 * 1024 * 1024, 64L * 1024 * 1024, 200.0);
    }
}
