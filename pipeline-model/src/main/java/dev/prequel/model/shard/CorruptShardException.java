package dev.prequel.model.shard;

/** A shard that is not in the format, truncated, or whose bytes do not match the manifest's checksum. */
public class CorruptShardException extends RuntimeException {

    public CorruptShardException(String message) {
        super(message);
    }

    public CorruptShardException(String message, Throwable cause) {
        super(message, cause);
    }
}
