package dev.prequel.serving.oip;

import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.serving.batch.QueueFullException;
import dev.prequel.serving.batch.ShapeChangedException;
import dev.prequel.serving.batch.VersionNotServedException;
import dev.prequel.serving.budget.BudgetExceededException;
import dev.prequel.serving.input.InputRejectedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error as the protocol's {@code {"error": "..."}} body with the status that fits: 400 for a request the
 * model cannot take, 404 for what is not there (also unknown paths), 413 for a request over its budget, 503 with
 * {@code Retry-After} when the model line's queue is full.
 */
public final class OipErrors {

    private static final Logger LOG = Logger.getLogger(OipErrors.class);
    /** Seconds a client should wait after a 503; a batch takes milliseconds, so the queue drains well within it. */
    static final int RETRY_AFTER_SECONDS = 1;

    static Response error(int status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }

    /** The response for a failure of a request (or of its queued job). */
    static Response of(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof InputRejectedException) {
            return error(400, e.getMessage());
        }
        if (e instanceof ImageRejectedException r) {
            return error(400, r.reason() + ": " + r.getMessage());
        }
        if (e instanceof BudgetExceededException) {
            return error(413, e.getMessage());
        }
        if (e instanceof VersionNotServedException) {
            return error(404, e.getMessage());
        }
        if (e instanceof QueueFullException || e instanceof ShapeChangedException) {
            return Response.fromResponse(error(503, e.getMessage())).header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return error(status, status == 404 ? "not found: see GET /v2 and /v2/models/{model}" : w.getMessage());
        }
        LOG.error("inference failed", e);
        return error(500, "internal error: " + e.getClass().getSimpleName());
    }

    /** Unknown paths, wrong methods and media types: JSON, not the framework's page. */
    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        return of(e);
    }

    @ServerExceptionMapper({InputRejectedException.class, ImageRejectedException.class, BudgetExceededException.class,
            VersionNotServedException.class, QueueFullException.class})
    public Response mapKnown(RuntimeException e) {
        return of(e);
    }

}
