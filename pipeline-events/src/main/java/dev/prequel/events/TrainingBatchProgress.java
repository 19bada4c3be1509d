package dev.prequel.events;

/**
 * Progress inside an epoch of one training job, every {@code prequel.trainer.progress-every-batches} batches, on
 * {@code training.progress} beside the per-epoch {@link TrainingProgress}; informational, never acted upon.
 *
 * @param batch batches done so far in this epoch
 * @param examples training examples done so far in this epoch
 * @param epochExamples about how many an epoch has (the new drop's training split plus the replayed share); null
 *     where not known
 * @param trainLoss mean training loss so far in this epoch
 * @param trainAccuracy training accuracy so far in this epoch
 */
public record TrainingBatchProgress(String model, String version, int epoch, int epochs, int batch, long examples,
        Long epochExamples, double trainLoss, double trainAccuracy, double imagesPerSecond, String device,
        String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version);
    }

    @Override
    public String eventId() {
        return "progress/" + model + "/" + version + "/" + epoch + "/" + batch;
    }
}
