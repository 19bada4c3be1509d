package dev.prequel.localstack;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.UploadObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The stack's S3 server seen through the MinIO SDK, as a user's client sees it: for tests and the local run. */
public final class StackObjects {

    private final MinioClient client;

    public StackObjects(LocalStack stack) {
        this.client = MinioClient.builder().endpoint(stack.s3Endpoint()).region(LocalStack.REGION)
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).build();
    }

    public MinioClient client() {
        return client;
    }

    public void put(String bucket, String key, byte[] bytes) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        } catch (Exception e) {
            throw new IllegalStateException("put s3://" + bucket + "/" + key + " failed", e);
        }
    }

    public byte[] get(String bucket, String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("get s3://" + bucket + "/" + key + " failed", e);
        }
    }

    /**
     * Uploads every file of {@code dir} under {@code prefix}, JSON files last: a manifest or model.json marks its
     * folder complete, so it must not appear before the files it describes.
     */
    public void uploadDirectory(String bucket, String prefix, Path dir) {
        try (var files = Files.list(dir)) {
            List<Path> ordered = files.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> p.toString().endsWith(".json")).thenComparing(Path::toString))
                    .toList();
            for (Path f : ordered) {
                client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(prefix + f.getFileName())
                        .filename(f.toString()).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("upload of " + dir + " failed", e);
        }
    }
}
