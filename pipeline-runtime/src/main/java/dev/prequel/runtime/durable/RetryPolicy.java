package dev.prequel.runtime.durable;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries a blocking call while it fails transiently ({@link Failures}), with exponential backoff and jitter, until
 * a deadline; a permanent failure is thrown at once.
 *
 * <p>Built on Mutiny's {@code onFailure().retry().withBackOff(initial, max).withJitter(j).expireIn(deadline)}:
 * Mutiny is already under every service (Reactive Messaging runs on it), needs no CDI, so the schedule is tested
 * in plain JUnit, and it is the same backoff SmallRye uses elsewhere. SmallRye Fault Tolerance's {@code Guard}
 * does the same but would add an extension to every service and only works inside the CDI container. The first
 * attempt runs on the caller's thread and each retry on a thread of {@link #RETRIES} after its delay; the caller
 * waits for the outcome, so steps still run one at a time and in order.
 *
 * @param initialBackoff the first delay
 * @param maxBackoff the largest delay; each delay doubles up to it
 * @param jitter the share of each delay drawn at random, in [0, 1]
 * @param deadline no retry starts later than this after the first attempt
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double jitter, Duration deadline) {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    /**
     * Where retries run once their delay is over. Not Mutiny's default pool: inside Quarkus that resubscribes on a
     * Vert.x event-loop thread, where the blocking step (S3, a publish that waits) is refused. Daemon threads, so
     * they never hold a JVM up; a few, as steps retried at the same moment are as many as outages at once.
     */
    private static final ScheduledExecutorService RETRIES = Executors.newScheduledThreadPool(8, r -> {
        Thread t = new Thread(r, "prequel-retry");
        t.setDaemon(true);
        return t;
    });

    public RetryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must satisfy 0 < initial <= max, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("retry jitter must be in [0, 1], got " + jitter);
        }
    }

    /**
     * Runs {@code call}, again while it fails transiently and the deadline allows.
     *
     * @throws RetriesExhaustedException when it still failed transiently at the deadline
     * @throws RuntimeException the call's own permanent failure, unchanged
     */
    public <T> T call(String what, Supplier<T> call) {
        int[] attempts = {0};
        try {
            return Uni.createFrom().item(() -> {
                        attempts[0]++;
                        return call.get();
                    })
                    .onFailure(Failures::isTransient).invoke(e -> LOG.warnf("%s failed transiently (attempt %d), retrying: %s",
                            what, attempts[0], e.toString()))
                    .onFailure(Failures::isTransient).retry().withExecutor(RETRIES)
                    .withBackOff(initialBackoff, maxBackoff).withJitter(jitter)
                    .expireIn(deadline.toMillis())
                    .await().indefinitely();
        } catch (CompletionException e) {
            throw classify(what, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            throw classify(what, e);
        }
    }

    public void run(String what, Runnable step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    private RuntimeException classify(String what, Throwable failure) {
        if (Failures.isTransient(failure)) {
            return new RetriesExhaustedException(what, deadline, failure);
        }
        return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }
}
