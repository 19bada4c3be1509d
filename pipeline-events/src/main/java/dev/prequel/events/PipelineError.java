package dev.prequel.events;

import java.time.Instant;

/**
 * Something was rejected or failed. Nothing is dropped silently: every such case lands on
 * {@code errors} with a stable, machine-readable {@code reason} and a human-readable message.
 *
 * @param stage the service that gave up: ingest, preprocess, trainer, evaluator, serving
 * @param subject what it concerns: an object key, a dataset id, a version, a request id
 */
public record PipelineError(String stage, String reason, String message, String model, String subject,
        Instant at, String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("stage", stage, "reason", reason);
    }

    @Override
    public String eventId() {
        return "error/" + stage + "/" + reason + "/" + subject;
    }
}
