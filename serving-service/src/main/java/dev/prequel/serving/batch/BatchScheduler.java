package dev.prequel.serving.batch;

import dev.prequel.serving.config.ServingConfig;
import dev.prequel.serving.registry.ModelRegistry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic batching for HTTP and Kafka alike: each served model line has one bounded queue and a few workers
 * ({@code prequel.serving.batch.*}). A full queue refuses at once ({@link #submit}) or after a wait
 * ({@link #submitWaiting}), so waiting work never grows without bound.
 */
@ApplicationScoped
public class BatchScheduler {

    private final ModelRegistry registry;
    private final ServingConfig.Batch config;
    private final MeterRegistry meters;
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /** A model line's queue and its workers. */
    private record Line(BlockingQueue<ScoringJob> queue, List<BatchWorker> workers, List<Thread> threads) {
    }

    public BatchScheduler(ModelRegistry registry, ServingConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.config = config.batch();
        this.meters = meters;
    }

    public int queueCapacity() {
        return config.queueCapacity();
    }

    /**
     * Queues the images of one request, to be scored in one batch (or, when it is large and workers are idle, in
     * parts side by side, {@link IdleSharing}).
     *
     * @param version a version the caller named, or null for the served one
     * @throws QueueFullException when the line's queue is full
     * @throws VersionNotServedException when the line has no served version
     */
    public CompletableFuture<Scores> submit(String model, String version, List<byte[]> images) {
        ScoringJob job = ScoringJob.of(model, version, images);
        if (!line(model).queue().offer(job)) {
            throw new QueueFullException(model, config.queueCapacity());
        }
        return job.answer();
    }

    /** Like {@link #submit}, but waits up to {@code timeout} for room: Kafka consumers slow down instead. */
    public CompletableFuture<Scores> submitWaiting(String model, String version, List<byte[]> images, Duration timeout)
            throws InterruptedException {
        ScoringJob job = ScoringJob.of(model, version, images);
        if (!line(model).queue().offer(job, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new QueueFullException(model, config.queueCapacity());
        }
        return job.answer();
    }

    private Line line(String model) {
        if (stopped) {
            throw new QueueFullException(model, 0);
        }
        if (registry.current(model).isEmpty()) {
            throw new VersionNotServedException(model, null); // no queue or threads for names never served
        }
        return lines.computeIfAbsent(model, this::start);
    }

    private Line start(String model) {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(config.queueCapacity());
        DistributionSummary sizes = DistributionSummary.builder("prequel.serving.batch.size").tag("model", model)
                .description("images per forward pass").register(meters);
        Timer times = Timer.builder("prequel.serving.batch.time").tag("model", model)
                .description("one forward pass, tensor building and softmax included").publishPercentileHistogram()
                .register(meters);
        List<BatchWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int count = Math.max(1, config.workers());
        IdleSharing sharing = new IdleSharing(queue, count, config.splitFrom());
        for (int i = 0; i < count; i++) {
            BatchWorker worker = new BatchWorker(model,
                    new BatchCollector(queue, config.maxBatchSize(), config.maxBatchDelay()), sharing, registry, sizes,
                    times);
            Thread t = new Thread(worker, "batch-" + model + "-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(worker);
            threads.add(t);
        }
        meters.gauge("prequel.serving.queue.depth", List.of(io.micrometer.core.instrument.Tag.of("model", model)), queue,
                BlockingQueue::size);
        return new Line(queue, workers, threads);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        for (Line line : lines.values()) {
            line.workers().forEach(BatchWorker::stop);
        }
        for (Line line : lines.values()) {
            for (Thread t : line.threads()) {
                t.join(5_000);
            }
            ScoringJob left;
            while ((left = line.queue().poll()) != null) {
                left.answer().completeExceptionally(new QueueFullException(left.model(), 0));
            }
        }
    }
}
