package dev.prequel.runtime.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services' only door to S3, through the MinIO SDK. Failures become {@link UncheckedIOException}
 * so handlers can report them; a missing object is an empty {@link Optional}, not an error.
 */
@ApplicationScoped
public class ObjectStore {

    /** Objects are sent in parts of this size when their length is unknown. */
    private static final long PART_SIZE = 16L * 1024 * 1024;

    private final MinioClient client;

    @Inject
    public ObjectStore(S3Config config) {
        this(MinioClient.builder().endpoint(config.endpoint()).region(config.region())
                .credentials(config.accessKey(), config.secretKey()).build());
    }

    public ObjectStore(MinioClient client) {
        this.client = client;
    }

    /** A listed object: its key, size and ETag. */
    public record StoredObject(String key, long size, String etag) {
    }

    public boolean bucketExists(String bucket) {
        return call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    public void put(String bucket, String key, byte[] bytes, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()));
    }

    public void put(String bucket, String key, Path file, String contentType) {
        call(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                return client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(in, Files.size(file), -1).contentType(contentType).build());
            }
        });
    }

    public void put(String bucket, String key, InputStream in, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(in, -1, PART_SIZE).contentType(contentType).build()));
    }

    /** Opens an object for streaming; the caller closes the stream. */
    public InputStream open(String bucket, String key) {
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    public byte[] read(String bucket, String key) {
        try (InputStream in = open(bucket, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }

    public Optional<byte[]> readIfExists(String bucket, String key) {
        return stat(bucket, key).map(s -> read(bucket, key));
    }

    public void download(String bucket, String key, Path target) {
        try (InputStream in = open(bucket, key)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("downloading s3://" + bucket + "/" + key, e);
        }
    }

    /**
     * Copies every object under {@code prefix} into {@code dir}, keeping the paths below the prefix.
     *
     * @throws LocalPaths.UnsafeKeyException before copying anything, when a key would land outside {@code dir}
     */
    public void downloadAll(String bucket, String prefix, Path dir) {
        List<StoredObject> objects = list(bucket, prefix);
        List<Path> targets = objects.stream().map(o -> LocalPaths.under(dir, o.key().substring(prefix.length())))
                .toList();
        for (int i = 0; i < objects.size(); i++) {
            download(bucket, objects.get(i).key(), targets.get(i));
        }
    }

    public Optional<StoredObject> stat(String bucket, String key) {
        try {
            StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new StoredObject(key, s.size(), s.etag()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new UncheckedIOException("stat s3://" + bucket + "/" + key, new IOException(e));
        } catch (Exception e) {
            throw new UncheckedIOException("stat s3://" + bucket + "/" + key, new IOException(e));
        }
    }

    public boolean exists(String bucket, String key) {
        return stat(bucket, key).isPresent();
    }

    /** Every object under a prefix, recursively, in key order. */
    public List<StoredObject> list(String bucket, String prefix) {
        List<StoredObject> out = new ArrayList<>();
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            Item item = call(r::get);
            if (!item.isDir()) {
                out.add(new StoredObject(item.objectName(), item.size(), item.etag()));
            }
        }
        return out;
    }

    public void remove(String bucket, String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(S3Call<T> c) {
        try {
            return c.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }
}
