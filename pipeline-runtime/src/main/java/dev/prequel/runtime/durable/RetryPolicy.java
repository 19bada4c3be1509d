package dev.prequel.runtime.durable;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries a blocking call while it fails transiently ({@link Failures}), with exponential backoff and jitter, until
 * a deadline; a permanent failure is thrown at once.
 *
 * <p>The retries run on the caller's own thread, sleeping between attempts. That is the point of the class: a step
 * is retried in place on its handler's worker thread (the Vert.x worker context Quarkus gave it, the thread DJL's
 * predictors and a training job were set up on, the one order-keeping thread of the line owner's channel). The
 * stack's retry helpers do not fit that: Mutiny's {@code onFailure().retry().withBackOff(..).expireIn(..)}
 * resubscribes on its executor's threads after each delay (inside Quarkus, a Vert.x event loop, where the blocking
 * step is refused; it was tried first), and SmallRye Fault Tolerance's {@code Guard} needs the CDI container and
 * an extension added to every service. The schedule is Mutiny's: the n-th delay is {@code initial × 2ⁿ} capped at
 * {@code max}, moved by up to ± {@code jitter} of itself, kept within [initial, max].
 *
 * @param initialBackoff the first delay
 * @param maxBackoff the largest delay
 * @param jitter the share of each delay drawn at random, in [0, 1]
 * @param deadline no retry starts later than this after the first attempt
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double jitter, Duration deadline) {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    public RetryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must satisfy 0 < initial <= max, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("retry jitter must be in [0, 1], got " + jitter);
        }
    }

    /** The delay before retry number {@code retry} (0 for the first), {@code random} drawn uniformly from [0, 1). */
    Duration delay(int retry, DoubleSupplier random) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long nominal = retry >= 62 ? max : Math.min(max, initial * (1L << Math.min(retry, 40)));
        long spread = Math.round(nominal * jitter * (2 * random.getAsDouble() - 1));
        return Duration.ofMillis(Math.max(initial, Math.min(max, nominal + spread)));
    }

    /**
     * Runs {@code call}, again while it fails transiently and the deadline allows.
     *
     * @throws RetriesExhaustedException when it still failed transiently at the deadline (or the thread was
     *     interrupted while waiting to retry)
     * @throws RuntimeException the call's own permanent failure, unchanged
     */
    public <T> T call(String what, Supplier<T> call) {
        long deadlineAt = System.nanoTime() + deadline.toNanos();
        for (int retry = 0;; retry++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!Failures.isTransient(e)) {
                    throw e;
                }
                Duration delay = delay(retry, () -> ThreadLocalRandom.current().nextDouble());
                if (System.nanoTime() + delay.toNanos() > deadlineAt) {
                    throw new RetriesExhaustedException(what, deadline, e);
                }
                LOG.warnf("%s failed transiently (attempt %d), retrying in %d ms: %s", what, retry + 1,
                        delay.toMillis(), e.toString());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt(); // stopping: leave the step to a redelivery
                    throw new RetriesExhaustedException(what + " (interrupted)", deadline, e);
                }
            }
        }
    }

    public void run(String what, Runnable step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }
}
