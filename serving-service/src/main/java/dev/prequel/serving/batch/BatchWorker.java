package dev.prequel.serving.batch;

import dev.prequel.serving.registry.ModelRegistry;
import dev.prequel.serving.registry.ServedModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One of a model line's workers: takes a batch, runs it as one forward pass per version it names (nearly always
 * one) on its own predictor, and answers each job with its rows; a lone large request is shared with the idle
 * workers ({@link IdleSharing}). It keeps a lease per version it has used, and
 * returns the lease of a retired version when idle or after a batch, so the version can close and be deleted.
 */
final class BatchWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(BatchWorker.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(250);

    private final String model;
    private final BatchCollector collector;
    private final IdleSharing sharing;
    private final ModelRegistry registry;
    private final DistributionSummary batchSizes;
    private final Timer batchTimes;
    private final Map<ServedModel, ServedModel.Lease> leases = new HashMap<>();
    private volatile boolean running = true;

    BatchWorker(String model, BatchCollector collector, IdleSharing sharing, ModelRegistry registry,
            DistributionSummary batchSizes, Timer batchTimes) {
        this.model = model;
        this.collector = collector;
        this.sharing = sharing;
        this.registry = registry;
        this.batchSizes = batchSizes;
        this.batchTimes = batchTimes;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            while (running) {
                List<ScoringJob> batch = collector.next(IDLE_WAIT);
                if (!batch.isEmpty()) {
                    sharing.busy();
                    try {
                        score(batch);
                    } finally {
                        sharing.idle();
                    }
                }
                returnRetiredLeases();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ScoringJob carried = collector.takeCarried();
            if (carried != null) {
                carried.answer().completeExceptionally(new QueueFullException(model, 0));
            }
            leases.values().forEach(ServedModel.Lease::close);
            leases.clear();
        }
    }

    private void score(List<ScoringJob> batch) {
        Map<ServedModel, List<ScoringJob>> byVersion = new LinkedHashMap<>();
        for (ScoringJob job : batch) {
            Optional<ServedModel> served = resolve(job);
            if (served.isEmpty()) {
                job.answer().completeExceptionally(new VersionNotServedException(model, job.version()));
            } else {
                byVersion.computeIfAbsent(served.get(), s -> new ArrayList<>()).add(job);
            }
        }
        byVersion.forEach(this::forward);
    }

    private Optional<ServedModel> resolve(ScoringJob job) {
        return job.version() == null ? registry.current(model) : registry.find(model, job.version());
    }

    /** One forward pass for the jobs that run on {@code served}. */
    private void forward(ServedModel served, List<ScoringJob> all) {
        List<ScoringJob> jobs = new ArrayList<>();
        for (ScoringJob job : all) {
            if (job.images().stream().allMatch(i -> i.length == served.shape().size())) {
                jobs.add(job);
            } else {
                job.answer().completeExceptionally(new ShapeChangedException(served));
            }
        }
        try {
            Optional<ServedModel.Lease> lease = leaseOf(served);
            if (lease.isEmpty()) { // retired since it was resolved: the served-version jobs move to its successor
                for (ScoringJob job : jobs) {
                    Optional<ServedModel> now = resolve(job).filter(s -> s != served);
                    Optional<ServedModel.Lease> other = now.flatMap(this::leaseOf);
                    if (other.isPresent()) {
                        answer(other.get(), List.of(job));
                    } else {
                        job.answer().completeExceptionally(new VersionNotServedException(model, job.version()));
                    }
                }
                return;
            }
            // A lone large request is shared with the idle workers; a batch of several is one pass already.
            answer(lease.get(), jobs.size() == 1 ? sharing.share(jobs.get(0), served.version()) : jobs);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "a batch of %s failed", served);
            jobs.forEach(j -> j.answer().completeExceptionally(e));
        }
    }

    private void answer(ServedModel.Lease lease, List<ScoringJob> jobs) {
        List<byte[]> images = new ArrayList<>();
        jobs.forEach(j -> images.addAll(j.images()));
        long start = System.nanoTime();
        float[][] rows = lease.probabilities(images);
        batchTimes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSizes.record(images.size());
        ServedModel served = lease.served();
        int from = 0;
        for (ScoringJob job : jobs) {
            float[][] mine = Arrays.copyOfRange(rows, from, from + job.size());
            from += job.size();
            job.answer().complete(new Scores(served.version(), served.classes(), mine));
        }
    }

    private Optional<ServedModel.Lease> leaseOf(ServedModel served) {
        ServedModel.Lease lease = leases.get(served);
        if (lease != null) {
            return Optional.of(lease);
        }
        Optional<ServedModel.Lease> fresh = served.lease();
        fresh.ifPresent(l -> leases.put(served, l));
        return fresh;
    }

    private void returnRetiredLeases() {
        leases.entrySet().removeIf(e -> {
            if (e.getKey().isRetired()) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }
}
