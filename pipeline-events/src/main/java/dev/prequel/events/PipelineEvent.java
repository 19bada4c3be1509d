package dev.prequel.events;

/**
 * Every event Prequel publishes. Each carries the model line (the Kafka key) and a correlation id
 * that follows one drop from landing to serving.
 */
public interface PipelineEvent {
    String model();

    String correlationId();

    /** A stable id for this event: a redelivery of the same fact has the same id. */
    String eventId();

    /**
     * The required fields this event lacks (null, blank or empty), by name; empty when it is complete. A consumer
     * reports an incomplete event as {@code malformed-event} instead of acting on it. The model line is always
     * required; each record adds what its consumers cannot do without.
     */
    default java.util.List<String> missingFields() {
        return model() == null || model().isBlank() ? java.util.List.of("model") : java.util.List.of();
    }
}
