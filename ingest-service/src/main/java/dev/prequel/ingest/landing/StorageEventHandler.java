package dev.prequel.ingest.landing;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.ScoringLanded;
import dev.prequel.events.storage.S3EventNotification;
import dev.prequel.events.EventJson;
import dev.prequel.runtime.durable.DurableConsumer;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.messaging.IncomingEvent;
import dev.prequel.runtime.storage.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns S3 event records (from MinIO's notification or from ingest's own poller: one code path) into
 * {@code datasets.landed} and {@code scoring.landed}. Redeliveries are harmless: the dataset id is a
 * content hash, and every consumer downstream is idempotent on it. An S3 or Kafka outage is waited out by the
 * {@link DurableConsumer}. Hashing an archive takes as long as the archive is large, so the channel's
 * unprocessed-record age is unbounded (see application.properties).
 */
@ApplicationScoped
public class StorageEventHandler {

    private static final Logger LOG = Logger.getLogger(StorageEventHandler.class);

    private final ObjectStore store;
    private final EventPublisher publisher;
    private final ErrorReporter errors;
    private final MeterRegistry meters;
    private final DurableConsumer durable;

    public StorageEventHandler(ObjectStore store, EventPublisher publisher, ErrorReporter errors, MeterRegistry meters,
            DurableConsumer durable) {
        this.meters = meters;
        this.durable = durable;
        this.store = store;
        this.publisher = publisher;
        this.errors = errors;
    }

    @Incoming("storage-events")
    @Blocking
    public void onStorageEvent(ConsumerRecord<String, String> record) {
        durable.consume(record, S3EventNotification.class, n -> onNotification(n, IncomingEvent.position(record)),
                (n, e) -> reject("ingest-failed", String.valueOf(e.getMessage()), null, IncomingEvent.position(record),
                        null));
    }

    /** Every created object of the landing bucket; redone whole on a retry (announcing again is harmless). */
    private void onNotification(S3EventNotification notification, String position) {
        if (notification.records() == null || notification.records().isEmpty()) {
            throw new EventJson.MalformedEventException("S3 event without Records");
        }
        for (S3EventNotification.S3Record r : notification.records()) {
            if (r == null || r.s3() == null || r.s3().object() == null || r.s3().bucket() == null) {
                errors.report("malformed-event", "S3 record without bucket or object", null, position, null);
                continue;
            }
            if (r.eventName() == null || !r.eventName().startsWith("s3:ObjectCreated:")
                    || !Buckets.LANDING.equals(r.s3().bucket().name())) {
                continue; // deletions and other buckets are not drops
            }
            handleCreated(r.s3().object().decodedKey());
        }
    }

    void handleCreated(String key) {
        DropDecision decision = DropDecision.of(key);
        String correlationId = UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        if (decision instanceof DropDecision.ArchiveDrop a) {
            var stat = store.stat(Buckets.LANDING, key);
            if (stat.isEmpty()) {
                reject("object-missing", "announced but not in the bucket", a.key().model(), key, correlationId);
                return;
            }
            String datasetId = DatasetIdentity.ofArchive(store, Buckets.LANDING, key);
            announce(new DatasetLanded(a.key().model(), datasetId, Buckets.LANDING, a.key().dropPrefix(),
                    List.of(key), stat.get().size(), Instant.now(), correlationId));
        } else if (decision instanceof DropDecision.MarkedDrop m) {
            String prefix = m.marker().dropPrefix();
            List<ObjectStore.StoredObject> objects = store.list(Buckets.LANDING, prefix).stream()
                    .filter(o -> !o.key().endsWith("/" + Buckets.SUCCESS_MARKER)).toList();
            if (objects.isEmpty()) {
                reject("empty-dataset", "the _SUCCESS marker landed on an empty prefix",
                        m.marker().model(), key, correlationId);
                return;
            }
            announce(new DatasetLanded(m.marker().model(), DatasetIdentity.ofObjects(prefix, objects),
                    Buckets.LANDING, prefix, objects.stream().map(ObjectStore.StoredObject::key).toList(),
                    objects.stream().mapToLong(ObjectStore.StoredObject::size).sum(), Instant.now(),
                    correlationId));
        } else if (decision instanceof DropDecision.ScoreImage s) {
            publisher.publish(new ScoringLanded(s.key().model(), s.key().drop(), Buckets.LANDING, List.of(key),
                    Instant.now(), correlationId));
        } else if (decision instanceof DropDecision.Rejected r) {
            reject(r.reason(), r.message(), null, key, correlationId);
        } else {
            LOG.debugf("%s is part of a drop that is not complete yet", key);
        }
    }

    private void announce(DatasetLanded landed) {
        LOG.infof("dataset %s of model %s landed: %d object(s), %d bytes", landed.datasetId(), landed.model(),
                landed.objects().size(), landed.bytes());
        publisher.publish(landed);
        meters.counter("prequel.ingest.drops.landed", "model", landed.model()).increment();
    }

    /** A drop (or object) that will not become a dataset: reported, and counted by reason (never by key). */
    private void reject(String reason, String message, String model, String key, String correlationId) {
        errors.report(reason, message, model, key, correlationId);
        meters.counter("prequel.ingest.drops.rejected", "reason", reason).increment();
    }
}
