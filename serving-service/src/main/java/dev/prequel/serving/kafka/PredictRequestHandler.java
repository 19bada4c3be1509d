package dev.prequel.serving.kafka;

import dev.prequel.events.Buckets;
import dev.prequel.events.Prediction;
import dev.prequel.events.PredictRequest;
import dev.prequel.events.ScoringLanded;
import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.messaging.IncomingEvent;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.serving.registry.ImageScorer;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka inference: answers every {@code predict.requests} record and scores every image announced on
 * {@code scoring.landed}, publishing each answer (or its error) to {@code predictions}.
 */
@ApplicationScoped
public class PredictRequestHandler {

    private final ImageScorer scorer;
    private final ObjectStore store;
    private final EventPublisher publisher;
    private final ErrorReporter errors;
    private final MeterRegistry meters;
    private final int defaultTopK;

    public PredictRequestHandler(ImageScorer scorer, ObjectStore store, EventPublisher publisher, ErrorReporter errors,
            MeterRegistry meters, @ConfigProperty(name = "prequel.serving.top-k") int defaultTopK) {
        this.scorer = scorer;
        this.store = store;
        this.publisher = publisher;
        this.errors = errors;
        this.meters = meters;
        this.defaultTopK = defaultTopK;
    }

    @Incoming("predict-requests")
    @Blocking(ordered = false)
    public void onRequest(ConsumerRecord<String, String> record) {
        var decoded = IncomingEvent.decodeOrReport(record, PredictRequest.class, errors);
        if (decoded.isEmpty()) {
            return;
        }
        PredictRequest request = decoded.get();
        if (request.requestId() == null || request.model() == null) {
            errors.report("malformed-event", "a predict request needs requestId and model", record.key(),
                    IncomingEvent.position(record), null);
            return;
        }
        byte[] image;
        try {
            if (request.imageBase64() != null) {
                image = Base64.getDecoder().decode(request.imageBase64());
            } else if (request.objectKey() != null) {
                image = store.read(Buckets.LANDING, request.objectKey());
            } else {
                answerError(request.requestId(), request.model(), null, "no-image", "set imageBase64 or objectKey",
                        request.correlationId());
                return;
            }
        } catch (RuntimeException e) {
            answerError(request.requestId(), request.model(), request.objectKey(), "image-unreadable",
                    String.valueOf(e.getMessage()), request.correlationId());
            return;
        }
        answer(request.requestId(), request.model(), request.objectKey(), image,
                request.topK() > 0 ? request.topK() : defaultTopK, request.correlationId());
    }

    @Incoming("scoring-landed")
    @Blocking(ordered = false)
    public void onScoringLanded(ConsumerRecord<String, String> record) {
        var decoded = IncomingEvent.decodeOrReport(record, ScoringLanded.class, errors);
        if (decoded.isEmpty()) {
            return;
        }
        ScoringLanded landed = decoded.get();
        for (String key : landed.objects()) {
            byte[] image;
            try {
                image = store.read(landed.bucket(), key);
            } catch (RuntimeException e) {
                answerError(landed.batchId() + "/" + key, landed.model(), key, "image-unreadable",
                        String.valueOf(e.getMessage()), landed.correlationId());
                continue;
            }
            answer(landed.batchId() + "/" + key, landed.model(), key, image, defaultTopK, landed.correlationId());
        }
    }

    private void answer(String requestId, String model, String objectKey, byte[] image, int topK, String correlationId) {
        try {
            var scored = scorer.score(model, image, topK);
            if (scored.isEmpty()) {
                answerError(requestId, model, objectKey, "model-not-served", "no version of " + model + " is served yet",
                        correlationId);
                return;
            }
            meters.counter("prequel.serving.predictions", "model", model, "door", "kafka").increment();
            publisher.publish(new Prediction(requestId, model, scored.get().version(), objectKey, scored.get().top(),
                    null, correlationId));
        } catch (ImageRejectedException e) {
            answerError(requestId, model, objectKey, e.reason(), e.getMessage(), correlationId);
        }
    }

    private void answerError(String requestId, String model, String objectKey, String reason, String message,
            String correlationId) {
        publisher.publish(new Prediction(requestId, model, null, objectKey, List.of(), reason, correlationId));
        errors.report(reason, message, model, requestId, correlationId);
    }
}
