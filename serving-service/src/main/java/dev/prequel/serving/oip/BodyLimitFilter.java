package dev.prequel.serving.oip;

import dev.prequel.serving.config.ServingConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a {@code /v2} request whose declared length exceeds the body limit before a byte of it is read, with
 * the protocol's JSON error (the HTTP layer's own limit answers with an empty 413). Bodies without a length are
 * counted as they are read ({@link dev.prequel.serving.budget.BoundedRead}).
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodyBytes;

    public BodyLimitFilter(ServingConfig config) {
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
    }

    void install(@Observes Router router) {
        String body = "{\"error\":\"the request body exceeds the limit of " + maxBodyBytes + " bytes\"}";
        // Before the HTTP layer's own upload limit, which runs early in the chain.
        router.route("/v2/*").order(Integer.MIN_VALUE + 100).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredLength(length) > maxBodyBytes) {
                ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close").end(body);
                return;
            }
            ctx.next();
        });
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP layer refuses a malformed length
        }
    }
}
