package dev.prequel.localstack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An embedded stack whose services reach Kafka and S3 only through a {@link TcpProxy} each, so a fault test can cut
 * either for a while, as a network partition or a server outage looks to them. The test's own clients
 * ({@link #kafkaBootstrapServers()}, {@link #s3Endpoint()}) connect directly and keep working during a cut.
 *
 * <p>Kafka needs more than a forwarder in front of its port: a client asks the broker for its address and connects
 * there. The broker therefore gets a second listener whose advertised address is the forwarder's
 * ({@link EmbeddedKafka#startBehindProxy()}), and the services bootstrap from it ({@link #serviceConfig()}).
 */
public final class ForwardedLocalStack implements LocalStack {

    private final EmbeddedLocalStack stack;
    private final TcpProxy kafka;
    private final TcpProxy s3;

    private ForwardedLocalStack(EmbeddedLocalStack stack, TcpProxy kafka, TcpProxy s3) {
        this.stack = stack;
        this.kafka = kafka;
        this.s3 = s3;
    }

    public static ForwardedLocalStack start() {
        EmbeddedLocalStack stack = EmbeddedLocalStack.start(0, 0, true);
        try {
            return new ForwardedLocalStack(stack, stack.kafka().proxy(), TcpProxy.start("127.0.0.1", stack.s3Port()));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The forwarder between the services and the broker. */
    public TcpProxy kafkaProxy() {
        return kafka;
    }

    /** The forwarder between the services and the S3 server. */
    public TcpProxy s3Proxy() {
        return s3;
    }

    @Override
    public String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    @Override
    public String s3Endpoint() {
        return stack.s3Endpoint();
    }

    @Override
    public String s3AccessKey() {
        return stack.s3AccessKey();
    }

    @Override
    public String s3SecretKey() {
        return stack.s3SecretKey();
    }

    /** As every stack's, with both addresses through the forwarders. */
    @Override
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>(LocalStack.super.serviceConfig());
        config.put(KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + kafka.port());
        config.put(S3_ENDPOINT, "http://127.0.0.1:" + s3.port());
        return Collections.unmodifiableMap(config);
    }

    /** Stops both servers; the broker closes its own forwarder. */
    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            stack.close();
        }
    }

    @Override
    public String toString() {
        return "ForwardedLocalStack[" + stack + ", services through Kafka :" + kafka.port() + ", S3 :" + s3.port() + "]";
    }
}
