package dev.prequel.events;

import java.time.Instant;
import java.util.List;

/**
 * A labelled drop is complete in the landing bucket.
 *
 * @param datasetId content hash of what landed: the same bytes always give the same id
 * @param objects the landing keys that make up the drop (one archive, or the loose objects)
 * @param bytes total size of those objects
 */
public record DatasetLanded(String model, String datasetId, String bucket, String prefix, List<String> objects,
        long bytes, Instant landedAt, String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "datasetId", datasetId, "bucket", bucket, "prefix", prefix, "objects", objects);
    }

    @Override
    public String eventId() {
        return "landed/" + model + "/" + datasetId;
    }
}
