package dev.prequel.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link LocalStack}: a real Kafka broker (KRaft) and S3Proxy in this JVM, on free loopback ports,
 * with fresh random S3 credentials and temporary data directories, all gone after {@link #close()}.
 */
public final class EmbeddedLocalStack implements LocalStack {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLocalStack.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final StartupTimes startupTimes;
    private boolean closed;

    private EmbeddedLocalStack(EmbeddedKafka kafka, EmbeddedS3 s3, StartupTimes startupTimes) {
        this.kafka = kafka;
        this.s3 = s3;
        this.startupTimes = startupTimes;
    }

    /** Starts both servers on free ports and creates the buckets and topics. */
    public static EmbeddedLocalStack start() {
        return start(0, 0);
    }

    /** As {@link #start()}, with fixed ports where not 0 (e.g. 9092 and 9000, the services' defaults). */
    public static EmbeddedLocalStack start(int kafkaPort, int s3Port) {
        return start(kafkaPort, s3Port, false);
    }

    /** As {@link #start(int, int)}; with {@code kafkaBehindProxy}, the broker of {@link EmbeddedKafka#startBehindProxy()}. */
    static EmbeddedLocalStack start(int kafkaPort, int s3Port, boolean kafkaBehindProxy) {
        QuietLogging.apply();
        long started = System.nanoTime();
        // Side by side: both starts are mostly class loading, which overlaps well on two or more cores.
        Timed<EmbeddedKafka> kafkaStart = Timed.inThread("prequel-kafka-start",
                () -> kafkaBehindProxy ? EmbeddedKafka.startBehindProxy() : EmbeddedKafka.start(kafkaPort));
        Timed<EmbeddedS3> s3Start = Timed.inThread("prequel-s3-start",
                () -> EmbeddedS3.start(s3Port, S3Credentials.random()));
        Timed<EmbeddedKafka> topics = kafkaStart.then("prequel-kafka-topics", kafka -> {
            StackProvisioning.createTopics(kafka.bootstrapServers());
            return kafka;
        });
        Timed<EmbeddedS3> buckets = s3Start.then("prequel-s3-buckets", s3 -> {
            StackProvisioning.createBuckets(s3.endpoint(), s3.credentials());
            return s3;
        });
        try {
            EmbeddedKafka kafka = topics.get();
            EmbeddedS3 s3 = buckets.get();
            StartupTimes times = new StartupTimes(kafkaStart.elapsed(), topics.elapsed(), s3Start.elapsed(),
                    buckets.elapsed(), Duration.ofNanos(System.nanoTime() - started));
            LOG.info("Local stack up: Kafka {}, S3 {} ({})", kafka.bootstrapServers(), s3.endpoint(), times);
            return new EmbeddedLocalStack(kafka, s3, times);
        } catch (RuntimeException e) {
            closeAfterFailure(e, topics, buckets, kafkaStart, s3Start);
            throw e;
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String s3Endpoint() {
        return s3.endpoint();
    }

    @Override
    public String s3AccessKey() {
        return s3.credentials().accessKey();
    }

    @Override
    public String s3SecretKey() {
        return s3.credentials().secretKey();
    }

    public StartupTimes startupTimes() {
        return startupTimes;
    }

    /** The servers' data directories (deleted on close). */
    List<Path> dataDirs() {
        return List.of(kafka.dataDir(), s3.dataDir());
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    public int kafkaPort() {
        return kafka.port();
    }

    public int s3Port() {
        return s3.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            s3.close();
        } finally {
            kafka.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedLocalStack[kafka=" + kafka.bootstrapServers() + ", s3=" + s3.endpoint() + "]";
    }

    /** Whichever server did start is stopped again; the first failure is the one reported. */
    @SafeVarargs
    private static void closeAfterFailure(RuntimeException failure, Timed<? extends AutoCloseable>... steps) {
        Set<Object> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Timed<? extends AutoCloseable> step : steps) {
            try {
                AutoCloseable server = step.get();
                if (closed.add(server)) {
                    server.close();
                }
            } catch (Exception e) {
                if (e != failure) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** A start step running in a thread of its own (not pooled, so nothing of it outlives the stack), timed. */
    private static final class Timed<T> {
        private final FutureTask<T> task;
        private volatile long nanos;

        private <I> Timed(Callable<I> input, Function<I, T> step) {
            this.task = new FutureTask<>(() -> {
                I value = input.call(); // waiting for the previous step is not this step's time
                long begin = System.nanoTime();
                try {
                    return step.apply(value);
                } finally {
                    nanos = System.nanoTime() - begin;
                }
            });
        }

        static <T> Timed<T> inThread(String name, Supplier<T> start) {
            return new <Void>Timed<T>(() -> null, ignored -> start.get()).run(name);
        }

        /** Runs {@code next} on this step's result, in a thread of its own, once the result is there. */
        <R> Timed<R> then(String name, Function<T, R> next) {
            return new Timed<>(this::get, next).run(name);
        }

        private Timed<T> run(String name) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        T get() {
            try {
                return task.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }

        Duration elapsed() {
            return Duration.ofNanos(nanos);
        }
    }
}
