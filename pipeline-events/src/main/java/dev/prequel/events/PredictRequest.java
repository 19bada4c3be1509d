package dev.prequel.events;

/**
 * A request to score one image, sent to {@code predict.requests} by any Kafka client.
 * Exactly one of {@code imageBase64} (PNG/JPEG bytes) or {@code objectKey} (in the landing bucket) is set.
 *
 * @param topK how many classes to return; 0 or absent means the default
 */
public record PredictRequest(String requestId, String model, String imageBase64, String objectKey, int topK,
        String correlationId) implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("requestId", requestId, "model", model);
    }

    @Override
    public String eventId() {
        return "predict/" + requestId;
    }
}
