package dev.prequel.model.shard;

import dev.prequel.model.image.ImageShape;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams examples into one shard. The header is written at once, each example as it comes, the
 * trailer on {@link #finish()} or {@link #close()}; afterwards {@link #sha256()}, {@link #bytes()} and
 * {@link #examples()} describe what was written, ready for the manifest.
 */
public final class ShardWriter implements AutoCloseable {

    private final OutputStream target;
    private final ImageShape shape;
    private final MessageDigest digest;
    private final DataOutputStream out;
    private long examples;
    private String sha256;

    public ShardWriter(OutputStream target, ImageShape shape) {
        this.target = target;
        this.shape = shape;
        this.digest = dev.prequel.events.Ids.sha256();
        this.out = new DataOutputStream(new DigestOutputStream(new BufferedOutputStream(target, 1 << 16), digest));
        try {
            out.writeInt(ShardFormat.MAGIC);
            out.writeShort(ShardFormat.VERSION);
            out.writeShort(shape.channels());
            out.writeInt(shape.height());
            out.writeInt(shape.width());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write shard header", e);
        }
    }

    public ImageShape shape() {
        return shape;
    }

    public void write(Example example) {
        write(example.label(), example.pixels());
    }

    public void write(int label, byte[] pixels) {
        if (sha256 != null) {
            throw new IllegalStateException("shard already finished");
        }
        if (label < 0) {
            throw new IllegalArgumentException("label must be non-negative, was " + label);
        }
        if (pixels.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " pixel bytes for shape " + shape
                    + ", got " + pixels.length);
        }
        try {
            out.writeInt(label);
            out.write(pixels);
            examples++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write shard record " + examples, e);
        }
    }

    /** Writes the trailer and flushes, leaving the target stream open. Idempotent. */
    public void finish() {
        if (sha256 != null) {
            return;
        }
        try {
            out.writeInt(ShardFormat.END_MARKER);
            out.writeLong(examples);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write shard trailer", e);
        }
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    /** Finishes the shard and closes the target stream. */
    @Override
    public void close() {
        finish();
        try {
            target.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close shard stream", e);
        }
    }

    public long examples() {
        return examples;
    }

    /** Bytes written so far, trailer included once finished. */
    public long bytes() {
        return sha256 == null ? ShardFormat.bytes(examples, shape.size()) - ShardFormat.TRAILER_BYTES
                : ShardFormat.bytes(examples, shape.size());
    }

    /** Lower-case hex SHA-256 of the whole shard; available once finished. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("the checksum is known once the shard is finished");
        }
        return sha256;
    }

    /** The manifest entry for this shard; available once finished. */
    public ShardEntry entry(String split, String key) {
        return new ShardEntry(split, key, Math.toIntExact(examples), bytes(), sha256());
    }
}
