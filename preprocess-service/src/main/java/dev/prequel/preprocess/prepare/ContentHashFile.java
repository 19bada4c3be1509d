package dev.prequel.preprocess.prepare;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The kept examples' hashes of one prepared dataset, as stored in the line's index
 * ({@code datasets/<model>/_index/hashes-<datasetId>.bin}): magic {@code PQHX}, version 1 (int32), count (int32),
 * then {@link ContentHash#BYTES} bytes per example, sorted, all big-endian.
 */
public final class ContentHashFile {

    private static final int MAGIC = 0x50514858; // "PQHX"
    private static final int VERSION = 1;

    private ContentHashFile() {
    }

    public static byte[] write(Collection<ContentHash> hashes) {
        List<ContentHash> sorted = new ArrayList<>(hashes);
        sorted.sort(Comparator.comparingLong(ContentHash::high).thenComparingLong(ContentHash::low));
        ByteBuffer b = ByteBuffer.allocate(12 + sorted.size() * ContentHash.BYTES);
        b.putInt(MAGIC).putInt(VERSION).putInt(sorted.size());
        sorted.forEach(h -> b.putLong(h.high()).putLong(h.low()));
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are not such a file */
    public static List<ContentHash> read(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != MAGIC || b.getInt() != VERSION) {
                throw new IllegalArgumentException("not a Prequel hash index (version " + VERSION + ")");
            }
            int count = b.getInt();
            if (count < 0 || b.remaining() != (long) count * ContentHash.BYTES) {
                throw new IllegalArgumentException("hash index length does not match its count " + count);
            }
            List<ContentHash> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(new ContentHash(b.getLong(), b.getLong()));
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("hash index is truncated", e);
        }
    }
}
