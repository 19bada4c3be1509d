package dev.prequel.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server (S3Proxy on its filesystem-nio2 backend) in this JVM, on a loopback port, with AWS
 * signature v2/v4 authentication and its data in a temporary directory deleted on close.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dataDir;
    private final S3Credentials credentials;
    private boolean closed;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, Path dataDir, S3Credentials credentials) {
        this.proxy = proxy;
        this.context = context;
        this.dataDir = dataDir;
        this.credentials = credentials;
    }

    /** Starts a server on {@code port} (0: a free one) that accepts only {@code credentials}. */
    public static EmbeddedS3 start(int port, S3Credentials credentials) {
        QuietLogging.apply();
        Path dataDir = Directories.createTemp("prequel-s3-");
        BlobStoreContext context = null;
        S3Proxy proxy = null;
        try {
            Properties overrides = new Properties();
            overrides.setProperty("jclouds.filesystem.basedir", dataDir.toString());
            // "filesystem-nio2", not "filesystem": the latter lists directory placeholders as objects.
            context = ContextBuilder.newBuilder("filesystem-nio2")
                    .credentials("local", "local") // jclouds insists; the filesystem ignores them
                    .overrides(overrides)
                    .build(BlobStoreContext.class);
            proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                    .build();
            proxy.start();
            awaitStarted(proxy);
            return new EmbeddedS3(proxy, context, dataDir, credentials);
        } catch (Exception e) {
            try {
                if (proxy != null) {
                    stop(proxy);
                }
                if (context != null) {
                    context.close();
                }
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            } finally {
                Directories.deleteRecursively(dataDir);
            }
            throw new IllegalStateException("S3Proxy did not start on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, path-style. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    Path dataDir() {
        return dataDir;
    }

    public int port() {
        return proxy.getPort();
    }

    public S3Credentials credentials() {
        return credentials;
    }

    /** Stops the server, closes the blob store and deletes the data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop(proxy);
        } finally {
            try {
                context.close();
            } finally {
                Directories.deleteRecursively(dataDir);
            }
        }
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy state " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private static void stop(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
