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
        return start(port, null);
    }

    /**
     * A second listener for clients that reach the broker through a forwarder (a fault test's {@link TcpProxy}):
     * the broker binds {@code listenerPort} and tells those clients, in its metadata, to come back at
     * {@code advertisedPort}, so every later connection of theirs goes through the forwarder too. Clients of the
     * first listener are not affected.
     */
    public record ForwardedListener(int listenerPort, int advertisedPort) {
    }

    /** As {@link #start(int)}, with a {@link ForwardedListener} when not null. */
    public static EmbeddedKafka start(int port, ForwardedListener forwarded) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            List<Integer> free = FreePorts.pick(2);
            int brokerPort = port == 0 ? free.get(0) : port;
            int controllerPort = free.get(1);
            Path dataDir = Directories.createTemp("prequel-kafka-");
            boolean started = false;
            try {
                KafkaRaftServer server = startServer(brokerPort, controllerPort, dataDir, forwarded);
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

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            Directories.deleteRecursively(dataDir);
        }
    }

    private static KafkaRaftServer startServer(int brokerPort, int controllerPort, Path dataDir,
            ForwardedListener forwarded) {
        Path logDir = dataDir.resolve("log");
        Properties props = nodeProperties(brokerPort, controllerPort, logDir);
        if (forwarded != null) {
            props.setProperty("listeners", props.getProperty("listeners") + ",FORWARDED://127.0.0.1:"
                    + forwarded.listenerPort());
            props.setProperty("advertised.listeners", props.getProperty("advertised.listeners")
                    + ",FORWARDED://127.0.0.1:" + forwarded.advertisedPort());
            props.setProperty("listener.security.protocol.map", props.getProperty("listener.security.protocol.map")
                    + ",FORWARDED:PLAINTEXT");
        }
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
