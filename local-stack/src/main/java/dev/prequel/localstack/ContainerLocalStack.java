package dev.prequel.localstack;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link LocalStack} backed by Testcontainers, for machines with Docker: the apache/kafka image (KRaft) and the
 * MinIO image, so bucket notifications exist as on a real MinIO. Selected with {@code prequel.stack=containers}
 * (or {@code PREQUEL_STACK=containers}); the Testcontainers artifacts are optional dependencies of local-stack,
 * so a consumer that wants this adds {@code org.testcontainers:kafka} and {@code org.testcontainers:minio}.
 *
 * <p>Images can be overridden with {@code prequel.stack.kafka-image} and {@code prequel.stack.minio-image}.
 */
public final class ContainerLocalStack implements LocalStack {
    /** The broker version the Quarkus BOM's clients are built for. */
    public static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String DEFAULT_MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private final KafkaContainer kafka;
    private final MinIOContainer minio;
    private final S3Credentials credentials;
    private boolean closed;

    private ContainerLocalStack(KafkaContainer kafka, MinIOContainer minio, S3Credentials credentials) {
        this.kafka = kafka;
        this.minio = minio;
        this.credentials = credentials;
    }

    public static ContainerLocalStack start() {
        S3Credentials credentials = S3Credentials.random();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(
                        System.getProperty("prequel.stack.kafka-image", DEFAULT_KAFKA_IMAGE)))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(StackProvisioning.PARTITIONS));
        MinIOContainer minio = new MinIOContainer(DockerImageName.parse(
                        System.getProperty("prequel.stack.minio-image", DEFAULT_MINIO_IMAGE)))
                .withUserName(credentials.accessKey())
                .withPassword(credentials.secretKey());
        ContainerLocalStack stack = new ContainerLocalStack(kafka, minio, credentials);
        try {
            kafka.start();
            minio.start();
            StackProvisioning.createBuckets(minio.getS3URL(), credentials);
            StackProvisioning.createTopics(kafka.getBootstrapServers());
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String s3Endpoint() {
        return minio.getS3URL();
    }

    @Override
    public String s3AccessKey() {
        return credentials.accessKey();
    }

    @Override
    public String s3SecretKey() {
        return credentials.secretKey();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            minio.stop();
        } finally {
            kafka.stop();
        }
    }

    @Override
    public String toString() {
        return "ContainerLocalStack[kafka=" + kafka.getBootstrapServers() + ", s3=" + minio.getS3URL() + "]";
    }
}
