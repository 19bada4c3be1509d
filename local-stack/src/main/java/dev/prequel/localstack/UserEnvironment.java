package dev.prequel.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user's shell needs to talk to a running pipeline with the README's commands (the AWS CLI, kcat, curl), as
 * {@code .local-run/stack.env} holds it: {@code set -a; . .local-run/stack.env; set +a}.
 */
public final class UserEnvironment {

    private UserEnvironment() {
    }

    /** The services' variables plus the AWS CLI's and the admin token (contains secrets: never log it). */
    public static Map<String, String> of(LocalPipeline pipeline) {
        LocalStack stack = pipeline.stack();
        Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment());
        env.put("AWS_ACCESS_KEY_ID", stack.s3AccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", stack.s3SecretKey());
        env.put("AWS_ENDPOINT_URL", stack.s3Endpoint());
        env.put("AWS_DEFAULT_REGION", LocalStack.REGION);
        // The AWS CLI (2.23+, botocore 1.36+) sends CRC checksums the local S3 server refuses ("NotImplemented");
        // only where an operation requires one does S3 need it.
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        // curl -H "Authorization: Bearer $PREQUEL_ADMIN_TOKEN" .../admin/models/<model>/champion
        env.put("PREQUEL_ADMIN_TOKEN", pipeline.adminToken());
        return env;
    }

    /** Writes {@link #of} to {@code file}, readable by its owner only. */
    public static void write(Path file, LocalPipeline pipeline) {
        EnvFile.write(file, of(pipeline));
    }
}
