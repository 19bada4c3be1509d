package dev.prequel.serving.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drains one worker's next batch from a model line's queue: the oldest waiting job, then more while they fit in
 * {@code maxImages}, waiting at most {@code maxDelay} after that oldest job arrived. A job that does not fit is
 * kept for this worker's next batch (several workers share the queue, so it cannot be put back in front). A job
 * larger than {@code maxImages} is a batch of its own: the collector never splits a request (a worker may share a
 * lone one with idle workers, {@link IdleSharing}).
 */
public final class BatchCollector {

    private final BlockingQueue<ScoringJob> queue;
    private final int maxImages;
    private final long maxDelayNanos;
    private ScoringJob carried;

    public BatchCollector(BlockingQueue<ScoringJob> queue, int maxImages, Duration maxDelay) {
        this.queue = queue;
        this.maxImages = maxImages;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** The next batch; empty when nothing arrived within {@code idleWait}. */
    public List<ScoringJob> next(Duration idleWait) throws InterruptedException {
        ScoringJob first = carried != null ? carried : queue.poll(idleWait.toNanos(), TimeUnit.NANOSECONDS);
        carried = null;
        if (first == null) {
            return List.of();
        }
        List<ScoringJob> batch = new ArrayList<>();
        batch.add(first);
        int images = first.size();
        long deadline = first.enqueuedNanos() + maxDelayNanos;
        while (images < maxImages) {
            ScoringJob next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
            if (images + next.size() > maxImages) {
                carried = next;
                break;
            }
            batch.add(next);
            images += next.size();
        }
        return batch;
    }

    /** The job held back for the next batch, for shutdown. */
    ScoringJob takeCarried() {
        ScoringJob c = carried;
        carried = null;
        return c;
    }
}
