package dev.prequel.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * One Apache Kafka node in KRaft mode (broker and controller in one), in this JVM, on loopback ports,
 * with its log directory in a temporary directory deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final int port;
    private boolean closed;
    /** The proxy of {@link #startBehindProxy()}, else null. */
    private TcpProxy proxy;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * Starts a node on {@code port} (0: a free one). The controller always gets a free port: it cannot be 0
     * because the static voter list names it before the server binds. A port taken between picking and binding
     * costs one more attempt.
     */
    public static EmbeddedKafka start(int port) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            List<Integer> free = FreePorts.pick(2);
            int brokerPort = port == 0 ? free.get(0) : port;
            int controllerPort = free.get(1);
            Path dataDir = Directories.createTemp("prequel-kafka-");
            boolean started = false;
            try {
                KafkaRaftServer server = startServer(brokerPort, controllerPort, dataDir);
                started = true;
                return new EmbeddedKafka(server, dataDir, brokerPort);
            } catch (RuntimeException e) {
                last = e;
                if (port != 0 && !FreePorts.isFree(port)) {
                    break; // a fixed port in use will not get free by retrying
                }
            } finally {
                if (!started) {
                    Directories.deleteRecursively(dataDir);
                }
            }
        }
        throw new IllegalStateException("Kafka did not start", last);
    }

    /**
     * Starts a node with a second listener, {@code PROXIED}, reached only through a {@link TcpProxy} and
     * advertised at the proxy's port, so that clients bootstrapped at {@link #proxiedBootstrapServers()} send every
     * request through the proxy and a {@link TcpProxy#cut()} is a broker outage to them, while
     * {@link #bootstrapServers()} (tests' own clients, the broker itself) stays direct.
     */
    public static EmbeddedKafka startBehindProxy() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            List<Integer> free = FreePorts.pick(3);
            TcpProxy proxy = TcpProxy.start("127.0.0.1", free.get(2));
            Path dataDir = Directories.createTemp("prequel-kafka-");
            boolean started = false;
            try {
                Properties props = nodeProperties(free.get(0), free.get(1), dataDir.resolve("log"));
                props.setProperty("listeners", props.getProperty("listeners") + ",PROXIED://127.0.0.1:" + free.get(2));
                props.setProperty("advertised.listeners", props.getProperty("advertised.listeners")
                        + ",PROXIED://127.0.0.1:" + proxy.port());
                props.setProperty("listener.security.protocol.map",
                        props.getProperty("listener.security.protocol.map") + ",PROXIED:PLAINTEXT");
                KafkaRaftServer server = startServer(props, dataDir);
                started = true;
                EmbeddedKafka kafka = new EmbeddedKafka(server, dataDir, free.get(0));
                kafka.proxy = proxy;
                return kafka;
            } catch (RuntimeException e) {
                last = e;
            } finally {
                if (!started) {
                    proxy.close();
                    Directories.deleteRecursively(dataDir);
                }
            }
        }
        throw new IllegalStateException("Kafka did not start", last);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Where clients that should go through the proxy bootstrap (only for {@link #startBehindProxy()}). */
    public String proxiedBootstrapServers() {
        return "127.0.0.1:" + proxy().port();
    }

    /** The proxy in front of the {@code PROXIED} listener (only for {@link #startBehindProxy()}). */
    public TcpProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("this node was not started behind a proxy");
        }
        return proxy;
    }

    Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** Stops the node, waits for its threads and deletes its log directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (proxy != null) {
            proxy.close();
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            Directories.deleteRecursively(dataDir);
        }
    }

    private static KafkaRaftServer startServer(int brokerPort, int controllerPort, Path dataDir) {
        return startServer(nodeProperties(brokerPort, controllerPort, dataDir.resolve("log")), dataDir);
    }

    private static KafkaRaftServer startServer(Properties props, Path dataDir) {
        format(props, dataDir.resolve("server.properties"));
        KafkaRaftServer server = newServer(props);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    /**
     * {@code new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM)}, by reflection: KafkaConfig's
     * superclass is in kafka-server, a runtime-only dependency of kafka_2.13 that the Quarkus BOM does not manage.
     * Compiling against it would need a second Kafka version to keep in step with the BOM's.
     */
    private static KafkaRaftServer newServer(Properties props) {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            Object config = configClass.getMethod("fromProps", Properties.class, boolean.class).invoke(null, props, false);
            return KafkaRaftServer.class.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this kafka_2.13 has no KafkaConfig.fromProps / KafkaRaftServer(KafkaConfig, Time)", e);
        }
    }

    /** Settings for a single node; see PLATFORM-FACTS ("Kafka"). */
    static Properties nodeProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // One node: every replication factor and minimum ISR is 1.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", "3");
        // The default 3 s delay made a first consume take 5.6 s instead of about 1 s.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The default 128 MB dedupe buffer is most of the broker's memory; compacted topics here are tiny.
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    /** {@code kafka-storage format}: a fresh cluster id each time, so the directory must be new (it is). */
    private static void format(Properties props, Path configFile) {
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "prequel local-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()};
        int exit;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args, print);
        } catch (Exception e) {
            throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (" + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
