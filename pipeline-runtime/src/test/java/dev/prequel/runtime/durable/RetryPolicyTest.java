package dev.prequel.runtime.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The schedule as it runs (Mutiny's backoff), with a fake step that fails as told and records when it was called. */
class RetryPolicyTest {

    /** Fails transiently {@code failures} times, then answers; records the time of every attempt. */
    private static final class FlakyStep implements Supplier<String> {
        final List<Long> attemptsAtNanos = new ArrayList<>();
        final int failures;

        FlakyStep(int failures) {
            this.failures = failures;
        }

        @Override
        public synchronized String get() {
            attemptsAtNanos.add(System.nanoTime());
            if (attemptsAtNanos.size() <= failures) {
                throw new java.io.UncheckedIOException(new ConnectException("refused " + attemptsAtNanos.size()));
            }
            return "done";
        }

        List<Long> gapsMillis() {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < attemptsAtNanos.size(); i++) {
                gaps.add((attemptsAtNanos.get(i) - attemptsAtNanos.get(i - 1)) / 1_000_000);
            }
            return gaps;
        }
    }

    @Test
    void transientFailuresAreRetriedWithGrowingDelaysCappedAtTheMaximum() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0.0, Duration.ofSeconds(10));
        FlakyStep step = new FlakyStep(5);

        assertEquals("done", policy.call("flaky", step));

        List<Long> gaps = step.gapsMillis();
        assertEquals(5, gaps.size(), "one attempt per failure, then the successful one");
        assertTrue(gaps.get(0) >= 50, "the first delay is at least the initial backoff: " + gaps);
        for (int i = 1; i < gaps.size(); i++) {
            assertTrue(gaps.get(i) >= Math.min(2 * gaps.get(i - 1) - 20, 200 - 20), "delays double: " + gaps);
            assertTrue(gaps.get(i) <= 200 + 150, "no delay beyond the maximum (plus scheduling slack): " + gaps);
        }
        assertTrue(gaps.get(gaps.size() - 1) >= 180, "the delay reaches the cap: " + gaps);
    }

    @Test
    void jitterSpreadsTheDelaysWithinTheBounds() {
        // Mutiny draws each delay within ± jitter of its nominal value, never below the initial nor above the maximum.
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(40), Duration.ofMillis(2_000), 0.5, Duration.ofSeconds(20));
        FlakyStep step = new FlakyStep(6);

        policy.call("flaky", step);

        List<Long> gaps = step.gapsMillis();
        assertTrue(gaps.stream().allMatch(g -> g >= 40 && g <= 2_000 + 150), "each delay within the bounds: " + gaps);
        boolean offTheDoubling = false;
        for (int i = 2; i < gaps.size(); i++) { // the first gap also holds the pool's warm-up
            double ratio = (double) gaps.get(i) / gaps.get(i - 1);
            offTheDoubling |= Math.abs(ratio - 2) > 0.2;
        }
        assertTrue(offTheDoubling, "jitter moves delays off the exact doubling: " + gaps);
    }

    @Test
    void aTransientFailurePastTheDeadlineIsExhaustedWithItsCause() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 0.0, Duration.ofMillis(600));
        FlakyStep step = new FlakyStep(Integer.MAX_VALUE);
        long start = System.nanoTime();

        RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class, () -> policy.call("s3 read", step));

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 400 && tookMillis < 600 + 1_000, "gives up around the deadline: " + tookMillis + " ms");
        assertTrue(step.attemptsAtNanos.size() >= 4, "retried until then: " + step.attemptsAtNanos.size());
        assertTrue(e.getMessage().startsWith("s3 read still failing after retrying for PT0.6S"), e.getMessage());
        assertTrue(e.getMessage().contains("ConnectException refused"), e.getMessage());
    }

    @Test
    void aPermanentFailureIsThrownAtOnceUnchanged() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 0.0, Duration.ofSeconds(5));
        IllegalArgumentException bad = new IllegalArgumentException("labels the line does not know");
        int[] calls = {0};

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> policy.run("step", () -> {
            calls[0]++;
            throw bad;
        }));

        assertSame(bad, thrown);
        assertEquals(1, calls[0]);
    }

    @Test
    void aTransientFailureThenAPermanentOneEndsWithThePermanentOne() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(20), 0.0, Duration.ofSeconds(5));
        int[] calls = {0};

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> policy.run("step", () -> {
            if (++calls[0] == 1) {
                throw new java.io.UncheckedIOException(new java.net.SocketException("reset"));
            }
            throw new IllegalStateException("rejected");
        }));

        assertInstanceOf(IllegalStateException.class, thrown);
        assertEquals("rejected", thrown.getMessage());
        assertEquals(2, calls[0]);
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5, Duration.ofMinutes(1)));
    }
}
