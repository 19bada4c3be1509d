package dev.prequel.serving.registry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Serving is ready only once it has a model to serve. */
@Readiness
@ApplicationScoped
public class ModelsLoadedReadiness implements HealthCheck {

    private final ModelRegistry registry;

    public ModelsLoadedReadiness(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("models-loaded").status(!registry.isEmpty());
        registry.models().forEach(m -> builder.withData(m, registry.versionOf(m).orElse("")));
        return builder.build();
    }
}
