package dev.prequel.model.shard;

import dev.prequel.events.Ids;
import dev.prequel.model.image.ImageShape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the examples of one shard, one record in memory at a time. The header is read and checked
 * on construction. The structure is checked as records arrive; when the end is reached the trailer's
 * count, the absence of trailing bytes and, when expected values are given, the SHA-256, byte length
 * and example count are checked, and any mismatch raises {@link CorruptShardException} from
 * {@link #hasNext()}. A consumer therefore learns about damage only at the end of a shard: a training
 * job must treat that exception as fatal for the job, not skip it.
 */
public final class ShardReader implements Iterator<Example>, AutoCloseable {

    private final InputStream source;
    private final MessageDigest digest;
    private final DataInputStream in;
    private final ImageShape shape;
    private final String expectedSha256;
    private final ShardEntry expected;
    private final String name;
    private long records;
    private long bytes;
    private Example next;
    private boolean finished;

    /** Checks the structure only (no checksum). */
    public ShardReader(InputStream source) {
        this(source, null, null);
    }

    /** Checks the structure and the SHA-256 (lower- or upper-case hex). */
    public ShardReader(InputStream source, String expectedSha256) {
        this(source, expectedSha256, null);
    }

    /** Checks the structure and the SHA-256, byte length and example count recorded in the manifest. */
    public ShardReader(InputStream source, ShardEntry expected) {
        this(source, expected.sha256(), expected);
    }

    private ShardReader(InputStream source, String expectedSha256, ShardEntry expected) {
        this.source = source;
        this.expectedSha256 = expectedSha256;
        this.expected = expected;
        this.name = expected == null ? "shard" : "shard " + expected.key();
        this.digest = Ids.sha256();
        this.in = new DataInputStream(new DigestInputStream(new BufferedInputStream(source, 1 << 16), digest));
        try {
            this.shape = readHeader();
        } catch (RuntimeException e) {
            closeQuietly(source);
            throw e;
        }
    }

    public ImageShape shape() {
        return shape;
    }

    /** Records returned so far. */
    public long records() {
        return records;
    }

    private ImageShape readHeader() {
        try {
            int magic = in.readInt();
            if (magic != ShardFormat.MAGIC) {
                throw new CorruptShardException(name + " is not a Prequel shard: bad magic 0x" + Integer.toHexString(magic));
            }
            int version = in.readUnsignedShort();
            if (version != ShardFormat.VERSION) {
                throw new CorruptShardException(name + " has unsupported format version " + version
                        + " (this reader knows " + ShardFormat.VERSION + ")");
            }
            int channels = in.readUnsignedShort();
            int height = in.readInt();
            int width = in.readInt();
            bytes = ShardFormat.HEADER_BYTES;
            try {
                return new ImageShape(channels, height, width);
            } catch (IllegalArgumentException e) {
                throw new CorruptShardException(name + " has an invalid shape in its header: " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new CorruptShardException(name + " is truncated: it ends inside the header", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " header", e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        try {
            int label = in.readInt();
            if (label == ShardFormat.END_MARKER) {
                readTrailer();
                return false;
            }
            if (label < 0) {
                throw new CorruptShardException(name + " is corrupt: invalid label " + label + " at record " + records);
            }
            byte[] pixels = new byte[shape.size()];
            in.readFully(pixels);
            bytes += 4L + pixels.length;
            next = new Example(label, pixels);
            return true;
        } catch (EOFException e) {
            throw new CorruptShardException(name + " is truncated: it ends after " + records
                    + " complete records, without its trailer", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " at record " + records, e);
        }
    }

    @Override
    public Example next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Example example = next;
        next = null;
        records++;
        return example;
    }

    private void readTrailer() throws IOException {
        long count = in.readLong();
        bytes += ShardFormat.TRAILER_BYTES;
        finished = true;
        if (count != records) {
            throw new CorruptShardException(name + " is corrupt: trailer says " + count + " records, read " + records);
        }
        if (in.read() != -1) {
            throw new CorruptShardException(name + " is corrupt: bytes follow its trailer");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
            throw new CorruptShardException(name + " is corrupt: SHA-256 " + actual + " does not match the manifest's "
                    + expectedSha256);
        }
        if (expected != null && (expected.examples() != records || expected.bytes() != bytes)) {
            throw new CorruptShardException(name + " does not match the manifest: " + records + " records in "
                    + bytes + " bytes, manifest says " + expected.examples() + " in " + expected.bytes());
        }
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + name, e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the header error is the one worth reporting
        }
    }
}
