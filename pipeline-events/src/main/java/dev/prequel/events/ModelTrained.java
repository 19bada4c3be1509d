package dev.prequel.events;

import java.util.List;

/**
 * A candidate model was trained and written to {@code models/<model>/<version>/}.
 *
 * @param version deterministic for (parent, datasets, training configuration)
 * @param parentVersion the champion it was fine-tuned from, or null when trained from scratch or base
 * @param testDatasetId the new dataset the candidate was trained for (its own test split is reported beside the
 *     line's judge set)
 * @param jobId the line owner's job this candidate answers
 */
public record ModelTrained(String model, String version, String parentVersion, List<String> datasetIds,
        String testDatasetId, String architecture, int epochs, double validationAccuracy, long trainingMillis,
        String device, String correlationId, String jobId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version);
    }

    @Override
    public String eventId() {
        return "trained/" + model + "/" + version;
    }
}
