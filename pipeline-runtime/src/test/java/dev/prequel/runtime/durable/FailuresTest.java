package dev.prequel.runtime.durable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.EventJson;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void networkFailuresAreTransientAlsoWhenWrapped() {
        assertTrue(Failures.isTransient(new ConnectException("Connection refused")));
        assertTrue(Failures.isTransient(new UncheckedIOException(new IOException("stat s3://a/b",
                new SocketException("Connection reset")))));
        assertTrue(Failures.isTransient(new IllegalStateException("preparing failed",
                new UncheckedIOException(new SocketTimeoutException("timeout")))));
        assertTrue(Failures.isTransient(new IOException("unexpected end of stream on http://127.0.0.1:1/...")));
    }

    @Test
    void kafkaRetriableErrorsAndPublishTimeoutsAreTransient() {
        assertTrue(Failures.isTransient(new org.apache.kafka.common.errors.TimeoutException("metadata")));
        assertTrue(Failures.isTransient(new org.apache.kafka.common.errors.NetworkException("gone")));
        assertTrue(Failures.isTransient(new io.smallrye.mutiny.TimeoutException()));
    }

    @Test
    void badInputAndBugsArePermanent() {
        assertFalse(Failures.isTransient(new EventJson.MalformedEventException("{} without model")));
        assertFalse(Failures.isTransient(new IllegalArgumentException("incompatible model")));
        assertFalse(Failures.isTransient(new UncheckedIOException(new EOFException("Unexpected end of ZLIB input stream"))));
        assertFalse(Failures.isTransient(new NullPointerException()));
        assertFalse(Failures.isTransient(new org.apache.kafka.common.errors.RecordTooLargeException("too big")));
    }

    @Test
    void anExhaustedRetryIsNotRetriedAgain() {
        var exhausted = new RetriesExhaustedException("step", Duration.ofSeconds(5), new ConnectException("refused"));
        assertFalse(Failures.isTransient(exhausted));
        assertFalse(Failures.isTransient(new RuntimeException("outer", exhausted)));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(Failures.isTransient(a));
    }

    @Test
    void transientIOExceptionsAreRethrownUnchecked() {
        assertThrows(UncheckedIOException.class, () -> Failures.rethrowIfTransient(new SocketException("reset")));
        Failures.rethrowIfTransient(new EOFException("corrupt")); // permanent: left to the caller
    }
}
