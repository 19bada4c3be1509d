package dev.prequel.events;

/**
 * Per-epoch progress of one training job; informational, never acted upon.
 *
 * @param testAccuracy accuracy on the new dataset's test split after the epoch (the reference job's per-epoch
 *     figure); null when the dataset has no test split, or from trainers before it was reported
 */
public record TrainingProgress(String model, String version, int epoch, int epochs, double trainLoss,
        double trainAccuracy, double validationAccuracy, double imagesPerSecond, String device,
        String correlationId, Double testAccuracy) implements PipelineEvent {

    /** Progress without a test accuracy. */
    public TrainingProgress(String model, String version, int epoch, int epochs, double trainLoss,
            double trainAccuracy, double validationAccuracy, double imagesPerSecond, String device,
            String correlationId) {
        this(model, version, epoch, epochs, trainLoss, trainAccuracy, validationAccuracy, imagesPerSecond, device,
                correlationId, null);
    }

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version);
    }

    @Override
    public String eventId() {
        return "progress/" + model + "/" + version + "/" + epoch;
    }
}
