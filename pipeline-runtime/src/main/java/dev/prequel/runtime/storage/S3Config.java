package dev.prequel.runtime.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the object store is. Credentials come from the environment or a Secret, never from a committed file. */
@ConfigMapping(prefix = "prequel.s3")
public interface S3Config {
    /** S3 endpoint, e.g. MinIO's {@code http://minio:9000}. */
    @WithDefault("http://localhost:9000")
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("us-east-1")
    String region();
}
