package dev.prequel.serving.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a worker share a lone large request with the line's idle workers. Each worker runs libtorch on one thread
 * ({@code engine-threads}), so a single 32-image request would otherwise use one core while the others wait: the
 * request is cut into one part per free worker, each part a forward pass of its own, and answered as one. Under
 * load the queue is never empty or no worker is idle, so batches stay whole.
 *
 * <p>The parts carry the version the first worker resolved, so one request is never answered by two versions.
 */
final class IdleSharing {

    private final BlockingQueue<ScoringJob> queue;
    private final int workers;
    private final int splitFrom;
    private final AtomicInteger busy = new AtomicInteger();

    /** @param splitFrom requests of fewer images are never split; parts have at least half of it */
    IdleSharing(BlockingQueue<ScoringJob> queue, int workers, int splitFrom) {
        this.queue = queue;
        this.workers = workers;
        this.splitFrom = Math.max(2, splitFrom);
    }

    /** A worker took a batch. */
    void busy() {
        busy.incrementAndGet();
    }

    /** A worker finished its batch. */
    void idle() {
        busy.decrementAndGet();
    }

    /**
     * The parts of {@code job} this worker scores itself: the job alone when it is small, or when nobody is free to
     * help; else its first part, the others queued for the idle workers (or kept here when the queue refuses them).
     * The job is answered once every part is.
     */
    List<ScoringJob> share(ScoringJob job, String version) {
        int idle = workers - busy.get();
        int parts = Math.min(1 + idle, job.size() / (splitFrom / 2));
        if (job.size() < splitFrom || parts < 2 || !queue.isEmpty()) {
            return List.of(job);
        }
        List<ScoringJob> all = new ArrayList<>(parts);
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int to = job.size() * (p + 1) / parts;
            // The job's own arrival time: a helper's collector does not wait for company for a part.
            all.add(new ScoringJob(job.model(), version, job.images().subList(from, to), job.enqueuedNanos(),
                    new CompletableFuture<>()));
            from = to;
        }
        answerWhenAllDone(job, all);
        List<ScoringJob> mine = new ArrayList<>(List.of(all.get(0)));
        for (ScoringJob part : all.subList(1, parts)) {
            if (!queue.offer(part)) {
                mine.add(part);
            }
        }
        return mine;
    }

    private static void answerWhenAllDone(ScoringJob job, List<ScoringJob> parts) {
        CompletableFuture.allOf(parts.stream().map(ScoringJob::answer).toArray(CompletableFuture[]::new))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        job.answer().completeExceptionally(reason(job, failure));
                        return;
                    }
                    List<float[]> rows = new ArrayList<>(job.size());
                    Scores first = parts.get(0).answer().join();
                    for (ScoringJob part : parts) {
                        rows.addAll(List.of(part.answer().join().probabilities()));
                    }
                    job.answer().complete(new Scores(first.version(), first.classes(), rows.toArray(float[][]::new)));
                });
    }

    /**
     * A part's failure as the caller's. A caller who named no version never asked for the one the parts were pinned
     * to: if it was retired meanwhile (two promotions within one request), the request is retried, not refused.
     */
    private static Throwable reason(ScoringJob job, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof VersionNotServedException && job.version() == null) {
            return new QueueFullException("the served version of model '" + job.model()
                    + "' changed while the request was scored; retry");
        }
        return cause;
    }
}
