package dev.prequel.events;

import java.time.Instant;
import java.util.List;

/** Unlabelled images landed under {@code score/<model>/<batch>/}; serving scores each one. */
public record ScoringLanded(String model, String batchId, String bucket, List<String> objects, Instant landedAt,
        String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "batchId", batchId, "bucket", bucket, "objects", objects);
    }

    @Override
    public String eventId() {
        return "scoring/" + model + "/" + batchId;
    }
}
