package dev.prequel.serving.registry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Serving is ready once the champions it found at start are loaded and it has a model to serve. It does not
 * ask S3: loaded models answer without it (the shared object-store check is excluded in application.properties).
 */
@Readiness
@ApplicationScoped
public class ModelsLoadedReadiness implements HealthCheck {

    private final ModelRegistry registry;
    private final PromotionFollower follower;

    public ModelsLoadedReadiness(ModelRegistry registry, PromotionFollower follower) {
        this.registry = registry;
        this.follower = follower;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("models-loaded").status(follower.caughtUp() && !registry.isEmpty())
                .withData("start-up-champions-loaded", follower.caughtUp());
        registry.models().forEach(m -> builder.withData(m, registry.versionOf(m).orElse("")));
        return builder.build();
    }
}
