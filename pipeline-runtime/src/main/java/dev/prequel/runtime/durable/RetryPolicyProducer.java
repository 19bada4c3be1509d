package dev.prequel.runtime.durable;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's {@link RetryPolicy}, from {@code prequel.retry.*} (defaults documented in the README). */
public class RetryPolicyProducer {

    @Produces
    @Singleton
    RetryPolicy retryPolicy(
            @ConfigProperty(name = "prequel.retry.initial-backoff", defaultValue = "1s") Duration initialBackoff,
            @ConfigProperty(name = "prequel.retry.max-backoff", defaultValue = "30s") Duration maxBackoff,
            @ConfigProperty(name = "prequel.retry.jitter", defaultValue = "0.5") double jitter,
            @ConfigProperty(name = "prequel.retry.deadline", defaultValue = "10m") Duration deadline) {
        return new RetryPolicy(initialBackoff, maxBackoff, jitter, deadline);
    }
}
