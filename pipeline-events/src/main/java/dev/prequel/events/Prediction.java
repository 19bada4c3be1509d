package dev.prequel.events;

import java.util.List;

/**
 * The answer to one {@link PredictRequest} or one scored image, published to {@code predictions}.
 *
 * @param requestId the request's id, or {@code <batch>/<object key>} for scored drops
 * @param version the model version that answered
 * @param top classes with their probabilities, best first; empty when {@code error} is set
 * @param error a reason code when the image could not be scored
 */
public record Prediction(String requestId, String model, String version, String objectKey, List<ClassScore> top,
        String error, String correlationId) implements PipelineEvent {

    public record ClassScore(String label, double probability) {
    }

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("requestId", requestId, "model", model);
    }

    @Override
    public String eventId() {
        return "prediction/" + requestId + "/" + version;
    }
}
