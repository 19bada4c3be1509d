package dev.prequel.preprocess.drop;

/**
 * The bytes read from one drop so far, against {@link DropLimits#maxTotalBytes()}: many small entries that
 * each pass the per-entry limit still cannot add up to an unbounded amount.
 */
public final class ReadBudget {
    private final long maxTotalBytes;
    private long total;

    public ReadBudget(long maxTotalBytes) {
        this.maxTotalBytes = maxTotalBytes;
    }

    void spend(long bytes) {
        total += bytes;
        if (total > maxTotalBytes) {
            throw new DropRejectedException("archive-bomb", "the drop's content exceeds " + maxTotalBytes
                    + " bytes once unpacked (prequel.preprocess.max-uncompressed-bytes)");
        }
    }

    public long total() {
        return total;
    }
}
