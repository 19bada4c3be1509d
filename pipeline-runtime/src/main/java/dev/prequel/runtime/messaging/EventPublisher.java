package dev.prequel.runtime.messaging;

import dev.prequel.events.CloudEventHeaders;
import dev.prequel.events.EventJson;
import dev.prequel.events.EventType;
import dev.prequel.events.PipelineEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes pipeline events as CloudEvents (Kafka binary mode), keyed by model, on the topic of their type.
 * All go through one outgoing channel, {@code events}; the record metadata picks the topic. A service may
 * only publish to the topics it declares in {@code prequel.events.publishes}, so a wiring mistake fails
 * loudly instead of writing to a topic nobody reads.
 */
@ApplicationScoped
public class EventPublisher {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventPublisher.class);

    private final MutinyEmitter<String> emitter;
    private final String source;
    private final Set<String> declaredTopics;
    private final Duration timeout;

    public EventPublisher(@Channel("events") MutinyEmitter<String> emitter,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "prequel.events.publishes") String publishes,
            @ConfigProperty(name = "prequel.events.publish-timeout", defaultValue = "30s") Duration timeout) {
        this.emitter = emitter;
        this.timeout = timeout;
        this.source = "/prequel/" + applicationName;
        this.declaredTopics = Arrays.stream(publishes.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    /**
     * Sends and waits for the broker's acknowledgement: call from a worker thread, never the event loop. Waits at
     * most {@code prequel.events.publish-timeout}, so a Kafka outage fails the step instead of holding the worker.
     *
     * @throws io.smallrye.mutiny.TimeoutException when the broker has not acknowledged within the timeout
     */
    public void publish(PipelineEvent event) {
        emitter.sendMessage(message(event)).await().atMost(timeout);
    }

    /**
     * Sends without waiting, for informational events (in-epoch progress) whose loss costs nothing: a slow or
     * unreachable broker must not hold the work that reports them. A failure is logged at debug level only.
     */
    public void publishWithoutWaiting(PipelineEvent event) {
        try {
            emitter.sendMessage(message(event)).subscribe().with(sent -> { }, failure ->
                    LOG.debugf("%s not published: %s", EventType.of(event).ceType(), failure.getMessage()));
        } catch (RuntimeException e) {
            LOG.debugf("%s not published: %s", EventType.of(event).ceType(), e.getMessage()); // emitter overflow
        }
    }

    private Message<String> message(PipelineEvent event) {
        String topic = EventType.of(event).topic();
        if (!declaredTopics.contains(topic)) {
            throw new IllegalStateException(source + " does not declare topic " + topic + " in prequel.events.publishes");
        }
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(event, source).forEach(headers::add);
        return Message.of(EventJson.write(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(event.model()).withHeaders(headers).build());
    }
}
