package dev.prequel.evaluator.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request routed to an {@link AdminSecured} resource (the admin API) needs {@code Authorization: Bearer <prequel.evaluator.admin.token>}; anything
 * else is answered 401 before a resource runs. The management endpoints ({@code /q/...}) live on their own port.
 */
public class AdminAuthentication {

    private final AdminToken token;

    public AdminAuthentication(AdminToken token) {
        this.token = token;
    }

    @AdminSecured
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (token.admits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"prequel-admin\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "the admin API needs Authorization: Bearer <token>")).build();
    }
}
