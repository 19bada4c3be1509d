package dev.prequel.events;

import java.util.List;
import java.util.Map;

/**
 * A dataset was validated, cleaned, split and sharded into the datasets bucket.
 *
 * @param manifestKey key of {@code manifest.json} in the datasets bucket
 * @param classes class names in label order
 * @param splits number of examples per split (train, val, test)
 * @param dropped number of inputs left out (corrupt, duplicate, ...)
 * @param bitsPerLabel prequential code length of the dataset under the current champion, when known: mean
 *     -log2 p(true label) over every example of every split
 * @param driftFlagged whether the data drifted beyond the configured threshold from the previous dataset
 * @param codedExamples the examples the champion encoded for {@code bitsPerLabel}; null when unknown (or an older
 *     event)
 * @param totalBits their total code length in bits; null when unknown (or an older event)
 */
public record DatasetPrepared(String model, String datasetId, String manifestKey, List<String> classes,
        int channels, int height, int width, Map<String, Integer> splits, int dropped, Double bitsPerLabel,
        boolean driftFlagged, String correlationId, Integer codedExamples, Double totalBits) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "datasetId", datasetId, "manifestKey", manifestKey, "classes", classes);
    }

    @Override
    public String eventId() {
        return "prepared/" + model + "/" + datasetId;
    }
}
