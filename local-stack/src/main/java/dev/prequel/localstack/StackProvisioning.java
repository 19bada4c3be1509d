package dev.prequel.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.prequel.events.Buckets;
import dev.prequel.events.Topics;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates what the pipeline expects to find: the buckets and the topics (3 partitions, compacted where needed). */
public final class StackProvisioning {
    public static final int PARTITIONS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private StackProvisioning() {
    }

    /** Creates {@link Buckets#ALL} that do not exist yet, through the MinIO SDK as the services will use it. */
    public static void createBuckets(String endpoint, S3Credentials credentials) {
        try (MinioClient minio = minioClient(endpoint, credentials)) {
            for (String bucket : Buckets.ALL) {
                if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("creating buckets at " + endpoint + " failed", e);
        }
    }

    /** A MinIO client for the stack (region fixed, so the SDK does not ask for bucket locations). Close it. */
    public static MinioClient minioClient(String endpoint, S3Credentials credentials) {
        return MinioClient.builder()
                .endpoint(endpoint)
                .region(LocalStack.REGION)
                .credentials(credentials.accessKey(), credentials.secretKey())
                .build();
    }

    /** Creates {@link Topics#ALL} and waits until every partition has a leader, so first use does not race. */
    public static void createTopics(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "prequel-local-stack");
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = Topics.ALL.stream().map(StackProvisioning::newTopic).toList();
            try {
                admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("creating topics on " + bootstrapServers + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
        if (Topics.COMPACTED.contains(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private static void awaitLeaders(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(Topics.ALL).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean ready = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // UnknownTopicOrPartition right after creation: metadata not propagated yet
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic partitions have no leader after " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }
}
