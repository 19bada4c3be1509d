package dev.prequel.localstack;

import java.util.Map;

/** A view of a stack owned elsewhere (the JVM-wide one), from its service configuration; close does nothing. */
final class ConfiguredLocalStack implements LocalStack {
    private final Map<String, String> config;

    ConfiguredLocalStack(Map<String, String> config) {
        this.config = Map.copyOf(config);
    }

    @Override
    public String kafkaBootstrapServers() {
        return config.get(KAFKA_BOOTSTRAP_SERVERS);
    }

    @Override
    public String s3Endpoint() {
        return config.get(S3_ENDPOINT);
    }

    @Override
    public String s3AccessKey() {
        return config.get(S3_ACCESS_KEY);
    }

    @Override
    public String s3SecretKey() {
        return config.get(S3_SECRET_KEY);
    }

    @Override
    public void close() {
        // the owner stops it, at JVM exit
    }

    @Override
    public String toString() {
        return "LocalStack[kafka=" + kafkaBootstrapServers() + ", s3=" + s3Endpoint() + "]";
    }
}
