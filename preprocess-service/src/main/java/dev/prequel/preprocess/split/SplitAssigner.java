package dev.prequel.preprocess.split;

import dev.prequel.model.shard.DatasetManifest;
import java.nio.ByteBuffer;

/**
 * Assigns an example to train, validation or test from its content hash alone, so the same image falls
 * into the same split in every drop and no test image of one version trains the next.
 */
public record SplitAssigner(int validationPercent, int testPercent) {

    public SplitAssigner {
        if (validationPercent < 0 || testPercent < 0 || validationPercent + testPercent >= 100) {
            throw new IllegalArgumentException("validation and test shares must be >= 0 and leave room to train");
        }
    }

    /** @param sha256 the example's content hash (at least 8 bytes) */
    public String splitOf(byte[] sha256) {
        long bucket = Long.remainderUnsigned(ByteBuffer.wrap(sha256, 0, 8).getLong(), 100);
        if (bucket < testPercent) {
            return DatasetManifest.TEST;
        }
        if (bucket < testPercent + validationPercent) {
            return DatasetManifest.VALIDATION;
        }
        return DatasetManifest.TRAIN;
    }
}
