package dev.prequel.preprocess.prepare;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.events.EventJson;
import dev.prequel.runtime.durable.DurableConsumer;
import dev.prequel.runtime.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code datasets.landed}. Idempotent on the dataset id: when the manifest already exists the
 * dataset is not prepared again, only announced again, with the drift flag and code length its statistics
 * recorded (the trainer is idempotent on it too). Runs on a worker thread through the {@link DurableConsumer}: an
 * S3 or Kafka outage is waited out (retried until {@code prequel.retry.deadline}, then dead-lettered), a rejected
 * drop is reported at once. The offset is committed once the dataset is prepared, so a crash redoes the work.
 */
@ApplicationScoped
public class LandedDatasetHandler {

    private static final Logger LOG = Logger.getLogger(LandedDatasetHandler.class);

    private final DatasetPreparer preparer;
    private final ObjectStore store;
    private final EventPublisher publisher;
    private final ErrorReporter errors;
    private final MeterRegistry meters;
    private final DurableConsumer durable;

    public LandedDatasetHandler(DatasetPreparer preparer, ObjectStore store, EventPublisher publisher,
            ErrorReporter errors, MeterRegistry meters, DurableConsumer durable) {
        this.meters = meters;
        this.durable = durable;
        this.preparer = preparer;
        this.store = store;
        this.publisher = publisher;
        this.errors = errors;
    }

    @Incoming("datasets-landed")
    @Blocking(ordered = true)
    public void onLanded(ConsumerRecord<String, String> record) {
        durable.consume(record, DatasetLanded.class, this::prepare, this::rejected);
    }

    /** Prepares (or finds prepared) and announces one drop; idempotent, so a retry after an outage redoes safely. */
    void prepare(DatasetLanded landed) {
        String missing = LandedEvents.missingField(landed);
        if (missing != null) {
            throw new EventJson.MalformedEventException("datasets.landed event without a valid " + missing);
        }
        var existing = store.readIfExists(Buckets.DATASETS, Buckets.manifestKey(landed.model(), landed.datasetId()));
        DatasetManifest manifest;
        Optional<DatasetStats> stats;
        if (existing.isPresent()) {
            LOG.infof("dataset %s of %s is already prepared; announcing it again", landed.datasetId(), landed.model());
            manifest = DatasetManifest.fromJson(existing.get());
            stats = preparer.statsOf(landed.model(), landed.datasetId());
        } else {
            long start = System.nanoTime();
            DatasetPreparer.Prepared prepared = preparer.prepare(landed);
            manifest = prepared.manifest();
            stats = Optional.of(prepared.stats());
            meters.timer("prequel.preprocess.preparation.time", "model", landed.model())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            meters.counter("prequel.preprocess.drops.prepared", "model", landed.model()).increment();
            LOG.infof("prepared dataset %s of %s (%s) in %d ms: splits %s, classes %d, dropped %s, bits/label %s",
                    landed.datasetId(), landed.model(), prepared.stats().format(),
                    (System.nanoTime() - start) / 1_000_000, manifest.splits(), manifest.classes().size(),
                    prepared.stats().dropped(), prepared.stats().bitsPerLabel());
        }
        publisher.publish(new DatasetPrepared(landed.model(), landed.datasetId(),
                Buckets.manifestKey(landed.model(), landed.datasetId()), manifest.classes(),
                manifest.shape().channels(), manifest.shape().height(), manifest.shape().width(), manifest.splits(),
                manifest.dropped(), stats.map(DatasetStats::bitsPerLabel).orElse(null),
                stats.map(DatasetStats::driftFlagged).orElse(false), landed.correlationId(),
                stats.map(DatasetStats::codedExamples).orElse(null),
                stats.map(DatasetStats::totalBits).orElse(null)));
    }

    private void rejected(DatasetLanded landed, RuntimeException e) {
        String reason = e instanceof DropRejectedException d ? d.reason() : "preprocess-failed";
        if (!(e instanceof DropRejectedException)) {
            LOG.errorf(e, "preparing %s failed", landed.datasetId());
        }
        errors.report(reason, String.valueOf(e.getMessage()), landed.model(), landed.prefix(), landed.correlationId());
        meters.counter("prequel.preprocess.drops.rejected", "model", landed.model(), "reason", reason).increment();
    }
}
