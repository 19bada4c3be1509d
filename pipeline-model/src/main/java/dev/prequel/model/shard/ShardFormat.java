package dev.prequel.model.shard;

/**
 * Constants of the shard format (see SHARDS.md). Big-endian throughout:
 *
 * <pre>
 * header   magic "PQSH" (4 bytes) | version u16 | channels u16 | height i32 | width i32     16 bytes
 * record   label i32 (&gt;= 0) | channels*height*width pixel bytes (CHW, uint8)            repeated
 * trailer  end marker i32 = -1 | record count i64                                          12 bytes
 * </pre>
 *
 * The count sits in the trailer so a writer can stream without knowing it in advance; the manifest
 * records it too, with the byte length and the SHA-256 of the whole file.
 */
public final class ShardFormat {

    public static final int MAGIC = 0x50515348; // "PQSH"
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int END_MARKER = -1;
    public static final int TRAILER_BYTES = 12;
    /** Conventional file extension of a shard. */
    public static final String EXTENSION = ".shard";

    private ShardFormat() {
    }

    /** The size of a shard holding {@code examples} images of {@code valuesPerImage} bytes each. */
    public static long bytes(long examples, int valuesPerImage) {
        return HEADER_BYTES + examples * (4L + valuesPerImage) + TRAILER_BYTES;
    }

    /** The conventional key of shard {@code index} of a split, e.g. {@code train-00003.shard}. */
    public static String key(String split, int index) {
        return String.format(java.util.Locale.ROOT, "%s-%05d%s", split, index, EXTENSION);
    }
}
