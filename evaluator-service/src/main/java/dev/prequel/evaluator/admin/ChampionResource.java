package dev.prequel.evaluator.admin;

import dev.prequel.events.ModelPromoted;
import dev.prequel.evaluator.promotion.Promoter;
import dev.prequel.runtime.champion.ChampionStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * Admin API: read a model line's champion, or pin / roll back to a stored version. A pin publishes the same
 * {@code models.promoted} event as an evaluation, so serving follows it the same way.
 */
@Path("/admin/models/{model}/champion")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ChampionResource {

    private final ChampionStore champions;
    private final Promoter promoter;

    public ChampionResource(ChampionStore champions, Promoter promoter) {
        this.champions = champions;
        this.promoter = promoter;
    }

    public record PinRequest(String version, String reason) {
    }

    @GET
    public Response get(@PathParam("model") String model) {
        return champions.current(model).map(c -> Response.ok(c).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", "model " + model + " has no champion")).build());
    }

    @PUT
    public Response pin(@PathParam("model") String model, PinRequest request) {
        if (request == null || request.version() == null || request.version().isBlank()) {
            return Response.status(400).entity(Map.of("error", "body must be {\"version\": \"...\"}")).build();
        }
        String reason = "rollback".equals(request.reason()) ? "rollback" : "pinned";
        try {
            ModelPromoted promoted = promoter.promote(model, request.version(), null, reason,
                    UUID.randomUUID().toString());
            return Response.ok(promoted).build();
        } catch (IllegalArgumentException e) {
            return Response.status(404).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
