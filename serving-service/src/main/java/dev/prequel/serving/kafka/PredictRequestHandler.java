package dev.prequel.serving.kafka;

import dev.prequel.events.Buckets;
import dev.prequel.events.Prediction;
import dev.prequel.events.PredictRequest;
import dev.prequel.events.ScoringLanded;
import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.runtime.durable.DurableConsumer;
import dev.prequel.runtime.durable.RetriesExhaustedException;
import dev.prequel.runtime.durable.RetryPolicy;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.messaging.IncomingEvent;
import dev.prequel.serving.batch.BatchScheduler;
import dev.prequel.serving.batch.QueueFullException;
import dev.prequel.serving.batch.Scores;
import dev.prequel.serving.batch.VersionNotServedException;
import dev.prequel.serving.budget.BudgetExceededException;
import dev.prequel.serving.config.ServingConfig;
import dev.prequel.serving.input.InputRejectedException;
import dev.prequel.serving.input.ModelInputs;
import dev.prequel.serving.registry.ModelRegistry;
import dev.prequel.serving.registry.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka inference: answers every {@code predict.requests} record and scores every image announced on
 * {@code scoring.landed}, publishing each answer (or its error) to {@code predictions}. Images join the same
 * batches as HTTP requests. Whatever goes wrong with one image is answered and reported; an image read from S3
 * waits out an outage first. Records go through the {@link DurableConsumer}: a malformed one is reported, one whose
 * answer cannot be published (Kafka down) is retried, then dead-lettered; none can stop a channel.
 */
@ApplicationScoped
public class PredictRequestHandler {

    private static final Logger LOG = Logger.getLogger(PredictRequestHandler.class);
    static final String INTERNAL_ERROR = "internal-error";
    static final String UNREADABLE = "image-unreadable";
    static final String STORAGE_UNAVAILABLE = "storage-unavailable";

    private final BatchScheduler scheduler;
    private final ModelRegistry registry;
    private final LandingObjects objects;
    private final EventPublisher publisher;
    private final ErrorReporter errors;
    private final MeterRegistry meters;
    private final int defaultTopK;
    private final int window;
    private final long maxRequestChars;
    private final Duration enqueueTimeout;
    private final DurableConsumer durable;
    private final RetryPolicy retry;

    public PredictRequestHandler(BatchScheduler scheduler, ModelRegistry registry, LandingObjects objects,
            EventPublisher publisher, ErrorReporter errors, MeterRegistry meters, ServingConfig config,
            DurableConsumer durable, RetryPolicy retry) {
        this.durable = durable;
        this.retry = retry;
        this.scheduler = scheduler;
        this.registry = registry;
        this.objects = objects;
        this.publisher = publisher;
        this.errors = errors;
        this.meters = meters;
        this.defaultTopK = config.topK();
        this.window = config.batch().maxBatchSize();
        this.maxRequestChars = config.limits().maxKafkaRequestSize().asLongValue();
        this.enqueueTimeout = config.kafka().enqueueTimeout();
    }

    /** One image to score and where its answer goes. */
    private record Item(String requestId, String model, String objectKey, int topK, String correlationId) {
    }

    @Incoming("predict-requests")
    @Blocking(value = "kafka-scoring", ordered = false)
    public void onRequest(ConsumerRecord<String, String> record) {
        if (record.value() != null && record.value().length() > maxRequestChars) {
            errors.report(BudgetExceededException.REASON, "a predict request of " + record.value().length()
                    + " characters exceeds the limit of " + maxRequestChars, record.key(), IncomingEvent.position(record),
                    null);
            return;
        }
        durable.consume(record, PredictRequest.class, this::handleRequest, internalError(record));
    }

    @Incoming("scoring-landed")
    @Blocking(value = "kafka-scoring", ordered = false)
    public void onScoringLanded(ConsumerRecord<String, String> record) {
        durable.consume(record, ScoringLanded.class, this::handleScoringLanded, internalError(record));
    }

    /** A failure no image answer caught (a bug): reported against the record, which is then acknowledged. */
    private <T> BiConsumer<T, RuntimeException> internalError(ConsumerRecord<String, String> r) {
        return (event, e) -> {
            LOG.errorf(e, "Kafka scoring of %s failed", IncomingEvent.position(r));
            errors.report(INTERNAL_ERROR, String.valueOf(e.getMessage()), r.key(), IncomingEvent.position(r), null);
        };
    }

    private void handleRequest(PredictRequest request) { // with its requestId and model
        Item item = new Item(request.requestId(), request.model(), request.objectKey(),
                request.topK() > 0 ? request.topK() : defaultTopK, request.correlationId());
        if (request.imageBase64() == null && request.objectKey() == null) {
            answerError(item, "no-image", "set imageBase64 or objectKey");
            return;
        }
        CompletableFuture<Scores> scored = submit(item, () -> request.imageBase64() != null
                ? decodeBase64(request.imageBase64()) : read(Buckets.LANDING, request.objectKey()));
        if (scored != null) {
            answer(item, scored);
        }
    }

    private void handleScoringLanded(ScoringLanded landed) { // with its model, batchId, bucket and objects
        // A window of images at a time: they share batches, and a large drop never sits decoded in memory at once.
        List<String> keys = landed.objects();
        for (int from = 0; from < keys.size(); from += window) {
            List<Item> items = new ArrayList<>();
            List<CompletableFuture<Scores>> answers = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + window))) {
                Item item = new Item(landed.batchId() + "/" + key, landed.model(), key, defaultTopK,
                        landed.correlationId());
                CompletableFuture<Scores> scored = submit(item, () -> read(landed.bucket(), key));
                if (scored != null) {
                    items.add(item);
                    answers.add(scored);
                }
            }
            for (int i = 0; i < items.size(); i++) {
                answer(items.get(i), answers.get(i));
            }
        }
    }

    private interface ImageSource {
        byte[] read();
    }

    /** Reads, decodes and queues one image; answers the error and returns null when any step refuses it. */
    private CompletableFuture<Scores> submit(Item item, ImageSource source) {
        try {
            ServedModel served = registry.current(item.model())
                    .orElseThrow(() -> new VersionNotServedException(item.model(), null));
            byte[] pixels = ModelInputs.fromEncoded(source.read(), served.budget());
            return scheduler.submitWaiting(item.model(), null, List.of(pixels), enqueueTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answerError(item, QueueFullException.REASON, "interrupted while waiting for the queue");
        } catch (RuntimeException e) {
            answerError(item, reasonOf(e), String.valueOf(e.getMessage()));
        }
        return null;
    }

    private void answer(Item item, CompletableFuture<Scores> scored) {
        Scores scores;
        try {
            scores = scored.get(enqueueTimeout.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            answerError(item, reasonOf(e.getCause()), String.valueOf(e.getCause().getMessage()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answerError(item, QueueFullException.REASON, "interrupted while waiting for the batch");
            return;
        } catch (TimeoutException e) {
            answerError(item, QueueFullException.REASON, "no answer from the model in time");
            return;
        }
        var top = ImageClassifier.top(scores.probabilities()[0], scores.classes(), Math.max(1, item.topK())).stream()
                .map(c -> new Prediction.ClassScore(c.label(), c.probability())).toList();
        meters.counter("prequel.serving.predictions", "model", item.model(), "door", "kafka").increment();
        publisher.publish(new Prediction(item.requestId(), item.model(), scores.version(), item.objectKey(), top, null,
                item.correlationId()));
    }

    /** An image from S3, waiting out an outage (up to the retry deadline) rather than answering it as unreadable. */
    private byte[] read(String bucket, String key) {
        return retry.call("reading s3://" + bucket + "/" + key, () -> objects.read(bucket, key));
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InputRejectedException(ImageRejectedException.NOT_AN_IMAGE, "imageBase64 is not base64");
        }
    }

    private static String reasonOf(Throwable e) {
        if (e instanceof ImageRejectedException r) {
            return r.reason();
        }
        if (e instanceof InputRejectedException r) {
            return r.reason();
        }
        if (e instanceof BudgetExceededException) {
            return BudgetExceededException.REASON;
        }
        if (e instanceof VersionNotServedException) {
            return VersionNotServedException.REASON;
        }
        if (e instanceof QueueFullException) {
            return QueueFullException.REASON;
        }
        if (e instanceof RetriesExhaustedException) {
            return STORAGE_UNAVAILABLE;
        }
        if (e instanceof UncheckedIOException) {
            return UNREADABLE;
        }
        LOG.error("scoring failed", e);
        return INTERNAL_ERROR;
    }

    private void answerError(Item item, String reason, String message) {
        try {
            publisher.publish(new Prediction(item.requestId(), item.model(), null, item.objectKey(), List.of(), reason,
                    item.correlationId()));
        } finally {
            errors.report(reason, message, item.model(), item.requestId(), item.correlationId());
        }
    }
}
