package dev.prequel.evaluator.admin;

import dev.prequel.evaluator.line.Champions;
import dev.prequel.evaluator.line.LedgerStore;
import dev.prequel.evaluator.line.LineLedger;
import dev.prequel.events.Buckets;
import dev.prequel.events.LandingKey;
import dev.prequel.events.LineCommand;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.runtime.durable.Failures;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Admin API: a model line's champion and ledger, and pin / roll back to a stored version. A pin is a command on
 * {@code line.commands} that the line's owner applies in order with its verdicts (never a second writer of the
 * champion); the request waits a while for it to be applied, and answers 202 with the command id if it is not yet.
 */
@Path("/admin/models/{model}")
@AdminSecured
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ChampionResource {

    private static final Logger LOG = Logger.getLogger(ChampionResource.class);

    private final LedgerStore ledgers;
    private final ObjectStore store;
    private final EventPublisher publisher;
    private final Duration wait;

    public ChampionResource(LedgerStore ledgers, ObjectStore store, EventPublisher publisher,
            @ConfigProperty(name = "prequel.evaluator.admin.command-wait") Duration wait) {
        this.ledgers = ledgers;
        this.store = store;
        this.publisher = publisher;
        this.wait = wait;
    }

    private static final Set<String> REASONS = Set.of("pinned", "rollback");

    public record PinRequest(String version, String reason) {
    }

    @GET
    @Path("champion")
    public Response champion(@PathParam("model") String model) {
        if (!LandingKey.isValidName(model)) {
            return error(400, "not a model name: " + model);
        }
        LineLedger ledger = ledgers.read(model);
        return ledger.champion().map(c -> Response.ok(Champions.event(model, c, null)).build())
                .orElseGet(() -> error(404, "model " + model + " has no champion"));
    }

    /** Every decision about the line: datasets, jobs, verdicts, champions, commands. */
    @GET
    @Path("ledger")
    public Response ledger(@PathParam("model") String model) {
        if (!LandingKey.isValidName(model)) {
            return error(400, "not a model name: " + model);
        }
        if (!ledgers.exists(model)) {
            return error(404, "model " + model + " has no ledger");
        }
        return Response.ok(ledgers.read(model)).build();
    }

    /**
     * The line's versions (parent, datasets, settings, epochs, verdict and reason, when), the jobs waiting for a
     * verdict, and the champion's history (promotions, pins, rollbacks).
     */
    @GET
    @Path("history")
    public Response history(@PathParam("model") String model) {
        if (!LandingKey.isValidName(model)) {
            return error(400, "not a model name: " + model);
        }
        if (!ledgers.exists(model)) {
            return error(404, "model " + model + " has no ledger");
        }
        return Response.ok(LineHistory.of(ledgers.read(model), version -> store.readIfExists(Buckets.MODELS,
                Buckets.modelJsonKey(model, version)).map(ModelDescriptor::fromJson))).build();
    }

    @PUT
    @Path("champion")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pin(@PathParam("model") String model, PinRequest request) throws InterruptedException {
        if (!LandingKey.isValidName(model)) {
            return error(400, "not a model name: " + model);
        }
        if (request == null || request.version() == null || !LandingKey.isValidName(request.version())
                || (request.reason() != null && !REASONS.contains(request.reason()))) {
            return error(400, "body must be {\"version\": \"v-...\", \"reason\": \"pinned|rollback\"}");
        }
        if (!store.exists(Buckets.MODELS, Buckets.modelJsonKey(model, request.version()))) {
            return error(404, "no stored version " + request.version() + " of model " + model);
        }
        String action = "rollback".equals(request.reason()) ? LineCommand.ROLLBACK : LineCommand.PIN;
        String commandId = "cmd-" + UUID.randomUUID();
        publisher.publish(new LineCommand(model, commandId, action, request.version(), request.reason(),
                Instant.now(), commandId));
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            LineLedger ledger = ledgers.read(model);
            var outcome = ledger.command(commandId);
            if (outcome.isPresent()) {
                if (!outcome.get().applied()) {
                    return error(409, outcome.get().message());
                }
                return ledger.champion().map(c -> Response.ok(Champions.event(model, c, commandId)).build())
                        .orElseGet(() -> error(500, "the command was applied but the line has no champion"));
            }
            Thread.sleep(100);
        }
        return Response.status(202).entity(Map.of("commandId", commandId, "status",
                "queued behind the line's earlier work; GET /admin/models/" + model + "/ledger shows it once applied"))
                .build();
    }

    /** A body that is not JSON, or not an object of the pin request's shape: 400, never 500. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return error(400, "body must be {\"version\": \"v-...\", \"reason\": \"pinned|rollback\"}");
    }

    /** What the REST layer refuses itself (400 for an unreadable body, 415, ...), answered as JSON too. */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return error(status, status == 400 ? "body must be {\"version\": \"v-...\", \"reason\": \"pinned|rollback\"}"
                : e.getResponse().getStatusInfo().getReasonPhrase());
    }

    /**
     * S3 or Kafka unreachable (the ledger cannot be read, the command not published): 503 with Retry-After, as JSON,
     * so a client retries rather than takes it for a bug; anything else is a bug, logged, and a JSON 500.
     */
    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        if (Failures.isTransient(e)) {
            return Response.fromResponse(error(503, "storage or broker unavailable, retry later"))
                    .header("Retry-After", "5").build();
        }
        LOG.error("admin request failed", e);
        return error(500, "internal error: " + e.getClass().getSimpleName());
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
