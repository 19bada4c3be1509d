package dev.prequel.preprocess.drop;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what is really read from one entry (declared sizes can lie) and stops a bomb while it inflates:
 * past the per-entry limit the file is rejected ({@link FileRejectedException}, {@code file-too-large}); past
 * the drop's total or the compression ratio the whole drop is ({@link DropRejectedException}, {@code archive-bomb}).
 */
public final class BoundedInputStream extends FilterInputStream {

    private final String name;
    private final long compressedBytes;
    private final DropLimits limits;
    private final ReadBudget budget;
    private long read;

    /** @param compressedBytes the entry's stored size, or -1 when it is not compressed */
    public BoundedInputStream(InputStream in, String name, long compressedBytes, DropLimits limits, ReadBudget budget) {
        super(in);
        this.name = name;
        this.compressedBytes = compressedBytes;
        this.limits = limits;
        this.budget = budget;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        read += n;
        budget.spend(n);
        if (read > limits.maxEntryBytes()) {
            throw new FileRejectedException("file-too-large", name + " holds more than " + limits.maxEntryBytes()
                    + " bytes (prequel.preprocess.max-entry-bytes)");
        }
        if (compressedBytes >= 0 && read > DropLimits.RATIO_GRACE_BYTES
                && (double) read / Math.max(1, compressedBytes) > limits.maxCompressionRatio()) {
            throw new DropRejectedException("archive-bomb", name + " inflates more than "
                    + limits.maxCompressionRatio() + " times (prequel.preprocess.max-compression-ratio)");
        }
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return read;
    }
}
