package dev.prequel.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Quarkus test whose application reaches Kafka only through a {@link TcpProxy}: a broker of its own
 * ({@link EmbeddedKafka#startBehindProxy()}, with the pipeline's topics), and the JVM-wide stack's S3. Injects
 * fields of type {@link EmbeddedKafka} (its {@code bootstrapServers()} is direct, for the test's own clients),
 * {@link TcpProxy} (cut it for an outage) and {@link LocalStack} (for S3; its Kafka is another broker).
 */
public class ProxiedKafkaResource implements QuarkusTestResourceLifecycleManager {
    private LocalStack stack;
    private EmbeddedKafka kafka;

    @Override
    public Map<String, String> start() {
        stack = LocalStacks.shared();
        kafka = EmbeddedKafka.startBehindProxy();
        StackProvisioning.createTopics(kafka.bootstrapServers());
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        config.put(LocalStack.KAFKA_BOOTSTRAP_SERVERS, kafka.proxiedBootstrapServers());
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, new TestInjector.MatchesType(LocalStack.class));
        testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(EmbeddedKafka.class));
        testInjector.injectIntoFields(kafka.proxy(), new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
