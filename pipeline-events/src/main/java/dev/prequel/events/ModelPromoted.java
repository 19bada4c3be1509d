package dev.prequel.events;

import java.time.Instant;

/**
 * A version became the model line's champion. The topic is compacted: its latest record per model
 * is what serving loads.
 *
 * @param accuracy test accuracy measured by the evaluator; null for a pin or rollback
 * @param reason {@code evaluation}, {@code pinned} or {@code rollback}
 */
public record ModelPromoted(String model, String version, String previousVersion, String artifactPrefix,
        Double accuracy, String reason, Instant promotedAt, String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version, "promotedAt", promotedAt);
    }

    @Override
    public String eventId() {
        return "promoted/" + model + "/" + version + "/" + promotedAt.toEpochMilli();
    }
}
