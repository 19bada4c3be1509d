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
 * @param validationAccuracy the validation accuracy of the epoch whose weights the candidate has (the last, or the
 *     best when the line keeps the best epoch)
 * @param testAccuracy that epoch's accuracy on the new dataset's test split; null without one (or from older
 *     trainers)
 */
public record ModelTrained(String model, String version, String parentVersion, List<String> datasetIds,
        String testDatasetId, String architecture, int epochs, double validationAccuracy, long trainingMillis,
        String device, String correlationId, String jobId, Double testAccuracy) implements PipelineEvent {

    /** An announcement without a test accuracy. */
    public ModelTrained(String model, String version, String parentVersion, List<String> datasetIds,
            String testDatasetId, String architecture, int epochs, double validationAccuracy, long trainingMillis,
            String device, String correlationId, String jobId) {
        this(model, version, parentVersion, datasetIds, testDatasetId, architecture, epochs, validationAccuracy,
                trainingMillis, device, correlationId, jobId, null);
    }

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version);
    }

    @Override
    public String eventId() {
        return "trained/" + model + "/" + version;
    }
}
