package dev.prequel.events;

/** Per-epoch progress of one training job; informational, never acted upon. */
public record TrainingProgress(String model, String version, int epoch, int epochs, double trainLoss,
        double trainAccuracy, double validationAccuracy, double imagesPerSecond, String device,
        String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version);
    }

    @Override
    public String eventId() {
        return "progress/" + model + "/" + version + "/" + epoch;
    }
}
