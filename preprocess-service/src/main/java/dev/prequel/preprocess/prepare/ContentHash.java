package dev.prequel.preprocess.prepare;

import java.nio.ByteBuffer;

/**
 * An example's identity: the first 128 bits of the SHA-256 of its pixels in the line's shape. Hashing the
 * converted pixels, not the file, makes the same picture one example whatever its container or encoding (a PNG
 * in a zip, a record of an IDX or CIFAR file): it is a duplicate wherever it reappears and always falls in the
 * same split. 128 bits keep a line's index small; a collision is not a practical concern.
 */
public record ContentHash(long high, long low) {

    public static final int BYTES = 16;

    public static ContentHash of(byte[] sha256) {
        ByteBuffer b = ByteBuffer.wrap(sha256);
        return new ContentHash(b.getLong(), b.getLong());
    }
}
