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
}
