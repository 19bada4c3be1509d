package dev.prequel.serving.oip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.serving.batch.QueueFullException;
import dev.prequel.serving.batch.VersionNotServedException;
import dev.prequel.serving.budget.BudgetExceededException;
import dev.prequel.serving.input.InputRejectedException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OipErrorsTest {

    @Test
    void eachFailureHasItsStatusAndAJsonError() {
        assertEquals(400, OipErrors.of(new InputRejectedException("x")).getStatus());
        assertEquals(400, OipErrors.of(new ImageRejectedException(ImageRejectedException.NOT_AN_IMAGE, "x")).getStatus());
        assertEquals(413, OipErrors.of(new BudgetExceededException("x")).getStatus());
        assertEquals(404, OipErrors.of(new CompletionException(new VersionNotServedException("m", "v"))).getStatus());
        assertEquals(500, OipErrors.of(new IllegalStateException("boom")).getStatus());
        Response full = OipErrors.of(new CompletionException(new QueueFullException("m", 64)));
        assertEquals(503, full.getStatus());
        assertEquals(String.valueOf(OipErrors.RETRY_AFTER_SECONDS), String.valueOf(full.getHeaderString("Retry-After")));
        assertEquals(Map.of("error", "the queue of model 'm' is full (64 requests waiting); retry later"), full.getEntity());
    }
}
