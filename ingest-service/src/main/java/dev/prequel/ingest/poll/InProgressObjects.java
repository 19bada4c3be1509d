package dev.prequel.ingest.poll;

import java.util.regex.Pattern;

/**
 * Objects an S3 server lists while an upload is still in progress, which are not drops. S3Proxy's filesystem
 * backend (the local stack's S3 server) writes a single PUT to {@code <key>-<uuid>} beside its target and moves it
 * into place when complete, and keeps a multipart upload as {@code .mpus-<uploadId>-<key>-stub} plus
 * {@code .mpus-<uploadId>-<key>-<part>} at the bucket root until it is completed. MinIO and AWS S3 list neither
 * (MinIO stages under {@code .minio.sys}, outside every bucket). Announcing one would report an error for a
 * file that vanishes a moment later, or score half an image.
 */
final class InProgressObjects {

    /** S3Proxy's {@code LocalBlobStore.MULTIPART_PREFIX}. */
    static final String MULTIPART_PREFIX = ".mpus-";

    private static final Pattern TEMPORARY_PUT =
            Pattern.compile(".*\\.[^/]*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private InProgressObjects() {
    }

    /**
     * True for a multipart stub or part, and for a temporary PUT file: a name with an extension followed by
     * {@code -<uuid>} (a landing object's name ends in its type's extension: an image, an archive, an IDX file).
     */
    static boolean isInProgress(String key) {
        return key.startsWith(MULTIPART_PREFIX) || TEMPORARY_PUT.matcher(key).matches();
    }
}
