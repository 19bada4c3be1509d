package dev.prequel.localstack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running Kafka broker and S3-compatible server for tests and the local run, with the buckets
 * ({@code Buckets.ALL}) and topics ({@code Topics.ALL}) the pipeline uses already created.
 */
public interface LocalStack extends AutoCloseable {

    String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    String S3_ENDPOINT = "prequel.s3.endpoint";
    String S3_ACCESS_KEY = "prequel.s3.access-key";
    String S3_SECRET_KEY = "prequel.s3.secret-key";
    String S3_REGION = "prequel.s3.region";
    String REGION = "us-east-1";

    String kafkaBootstrapServers();

    /** For example {@code http://127.0.0.1:41234}; path-style addressing. */
    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    /** The configuration every service reads, as Quarkus config keys (contains the S3 secret: never log it). */
    default Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers());
        config.put(S3_ENDPOINT, s3Endpoint());
        config.put(S3_ACCESS_KEY, s3AccessKey());
        config.put(S3_SECRET_KEY, s3SecretKey());
        config.put(S3_REGION, REGION);
        return Collections.unmodifiableMap(config);
    }

    /** The same as {@link #serviceConfig()} under the environment variable names (KAFKA_BOOTSTRAP_SERVERS, ...). */
    default Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        serviceConfig().forEach((key, value) -> env.put(environmentName(key), value));
        return Collections.unmodifiableMap(env);
    }

    /** Stops the servers and deletes their data. Idempotent. */
    @Override
    void close();

    /** Quarkus' mapping of a config key to its environment variable: non-alphanumerics become '_', upper case. */
    static String environmentName(String configKey) {
        return configKey.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
