package dev.prequel.runtime.durable;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Which failures are worth waiting out. Transient: the network (refused, reset, timed out, a host not found, a
 * response cut short), S3 answering 5xx or "slow down", Kafka's retriable errors and a publish that timed out.
 * Everything else is permanent: bad input, a rejected drop, an incompatible model, a bug; retrying those only
 * delays the reason a user needs.
 *
 * <p>A failure is transient when any exception in its cause chain is: services wrap what the S3 SDK and the Kafka
 * client throw ({@code UncheckedIOException}, a step's own exception), and the wrapping must not hide the outage.
 */
public final class Failures {

    /** S3 error codes that mean "try again" even where the status is not 5xx. */
    private static final Set<String> RETRYABLE_S3_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed");

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof RetriesExhaustedException) {
                return false; // already waited out: retrying it again would stretch the deadline
            }
            if (isTransientLink(t)) {
                return true;
            }
        }
        return false;
    }

    /** An {@link IOException} from reading a remote stream, rethrown as is when transient so no caller takes it for bad input. */
    public static void rethrowIfTransient(IOException e) {
        if (isTransient(e)) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isTransientLink(Throwable t) {
        if (t instanceof SocketException // refused, reset, broken pipe
                || t instanceof InterruptedIOException // socket and OkHttp call timeouts
                || t instanceof UnknownHostException
                || t instanceof ProtocolException // OkHttp: a body shorter than its Content-Length
                || t instanceof RetriableException // Kafka: timeouts, network, leader changes
                || t instanceof io.smallrye.mutiny.TimeoutException // EventPublisher's publish-timeout
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof ServerException) { // MinIO SDK: a 5xx without an S3 error body
            return true;
        }
        if (t instanceof ErrorResponseException e) {
            return (e.response() != null && e.response().code() >= 500)
                    || (e.errorResponse() != null && RETRYABLE_S3_CODES.contains(e.errorResponse().code()));
        }
        // OkHttp: the connection closed before a response (its EOFException cause is too generic to match alone)
        return t instanceof IOException && t.getMessage() != null && t.getMessage().startsWith("unexpected end of stream");
    }
}
