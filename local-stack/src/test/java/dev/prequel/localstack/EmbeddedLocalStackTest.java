package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.prequel.events.Buckets;
import dev.prequel.events.Topics;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Bucket;
import io.minio.messages.Item;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JVM-wide stack, through the clients the services use: Kafka clients and the MinIO SDK. */
@ExtendWith(LocalStackExtension.class)
class EmbeddedLocalStackTest {

    @Test
    void serviceConfigHasExactlyTheKeysServicesRead(LocalStack stack) {
        Map<String, String> config = stack.serviceConfig();
        assertEquals(List.of("kafka.bootstrap.servers", "prequel.s3.endpoint", "prequel.s3.access-key",
                "prequel.s3.secret-key", "prequel.s3.region"), new ArrayList<>(config.keySet()));
        assertEquals(stack.kafkaBootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertTrue(config.get("prequel.s3.endpoint").startsWith("http://127.0.0.1:"), config.get("prequel.s3.endpoint"));
        assertEquals("us-east-1", config.get("prequel.s3.region"));
        assertTrue(stack.s3SecretKey().length() >= 32, "a random secret of some length");
        assertEquals(stack.s3SecretKey(), stack.serviceEnvironment().get("PREQUEL_S3_SECRET_KEY"));
    }

    @Test
    void everyTopicExistsWithThreePartitionsAndOnlyModelsPromotedIsCompacted(LocalStack stack) throws Exception {
        try (Admin admin = admin(stack)) {
            Set<String> topics = admin.listTopics().names().get();
            assertTrue(topics.containsAll(Topics.ALL), "missing: " + Topics.ALL.stream().filter(t -> !topics.contains(t)).toList());
            admin.describeTopics(Topics.ALL).allTopicNames().get()
                    .forEach((name, description) -> assertEquals(3, description.partitions().size(), name));
            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (ConfigResource resource : resources) {
                String policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                String expected = Topics.COMPACTED.contains(resource.name()) ? "compact" : "delete";
                assertEquals(expected, policy, resource.name());
            }
            assertEquals("compact", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS_PROMOTED))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    @Test
    void producesAndConsumesARecordKeyedByModel(LocalStack stack) throws Exception {
        String value = "{\"model\":\"mnist\",\"datasetId\":\"" + UUID.randomUUID() + "\"}";
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(stack))) {
            sent = producer.send(new ProducerRecord<>(Topics.DATASETS_LANDED, "mnist", value)).get();
        }
        long started = System.nanoTime();
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(stack))) {
            consumer.subscribe(List.of(Topics.DATASETS_LANDED));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.stream().noneMatch(r -> r.value().equals(value)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        System.out.printf("first group consume took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        ConsumerRecord<String, String> record = received.stream().filter(r -> r.value().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("record not consumed within 30 s; got " + received.size()));
        assertEquals("mnist", record.key());
        assertEquals(sent.partition(), record.partition());
        assertEquals(sent.offset(), record.offset());
    }

    @Test
    void putsGetsAndListsObjectsThroughTheMinioSdk(LocalStack stack) throws Exception {
        byte[] content = ("label,file\n7,seven.png\n" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String prefix = "train/mnist/" + UUID.randomUUID() + "/";
        try (MinioClient minio = minio(stack, stack.s3SecretKey())) {
            Set<String> buckets = minio.listBuckets().stream().map(Bucket::name).collect(Collectors.toSet());
            assertEquals(new TreeSet<>(Buckets.ALL), new TreeSet<>(buckets));

            for (String name : List.of("a.csv", "nested/b.csv")) {
                minio.putObject(PutObjectArgs.builder().bucket(Buckets.LANDING).object(prefix + name)
                        .stream(new ByteArrayInputStream(content), content.length, -1)
                        .contentType("text/csv").build());
            }
            try (var in = minio.getObject(GetObjectArgs.builder().bucket(Buckets.LANDING).object(prefix + "a.csv").build())) {
                assertArrayEquals(content, in.readAllBytes());
            }
            List<String> keys = new ArrayList<>();
            for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(Buckets.LANDING)
                    .prefix(prefix).recursive(true).build())) {
                keys.add(item.get().objectName());
            }
            assertEquals(List.of(prefix + "a.csv", prefix + "nested/b.csv"), keys.stream().sorted().toList());
        }
    }

    @Test
    void rejectsAWrongSecret(LocalStack stack) throws Exception {
        try (MinioClient minio = minio(stack, stack.s3SecretKey() + "x")) {
            assertThrows(io.minio.errors.ErrorResponseException.class, minio::listBuckets);
        }
    }

    @Test
    void theExtensionSharesOneStackPerJvm(LocalStack stack) {
        LocalStack again = LocalStacks.shared();
        assertEquals(stack.serviceConfig(), again.serviceConfig());
        again.close(); // a view: must not stop the shared stack
        assertEquals(stack.kafkaBootstrapServers(), LocalStacks.shared().kafkaBootstrapServers());
    }

    static MinioClient minio(LocalStack stack, String secret) {
        return StackProvisioning.minioClient(stack.s3Endpoint(), new S3Credentials(stack.s3AccessKey(), secret));
    }

    static Admin admin(LocalStack stack) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return Admin.create(props);
    }

    private static Properties producerProps(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static Properties consumerProps(LocalStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
