package dev.prequel.ingest.poll;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.storage.S3EventNotification;
import dev.prequel.runtime.storage.ObjectStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import dev.prequel.ingest.landing.DropDecision;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * For S3 servers without bucket notifications: lists the landing bucket and writes an S3 event record,
 * in MinIO's own shape, to {@code storage.events} for each new or changed object. Everything after that
 * topic is the same code path as with MinIO's notifications. Switch it off where MinIO notifies. Objects still
 * being uploaded are skipped ({@link InProgressObjects}); an object is marked announced only once its event is on
 * the broker, and the cursor is saved after every object that completes a drop, so a kill re-announces no drop.
 */
@ApplicationScoped
public class LandingPoller {

    private static final Logger LOG = Logger.getLogger(LandingPoller.class);

    private final ObjectStore store;
    private final MutinyEmitter<String> storageEvents;
    private final boolean enabled;
    private final Duration publishTimeout;
    private PollerCursor cursor;

    public LandingPoller(ObjectStore store, @Channel("storage-events-out") MutinyEmitter<String> storageEvents,
            @ConfigProperty(name = "prequel.ingest.poll.enabled") boolean enabled,
            @ConfigProperty(name = "prequel.events.publish-timeout", defaultValue = "30s") Duration publishTimeout) {
        this.store = store;
        this.storageEvents = storageEvents;
        this.enabled = enabled;
        this.publishTimeout = publishTimeout;
    }

    @Scheduled(every = "${prequel.ingest.poll.interval}", delayed = "${prequel.ingest.poll.delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!enabled) {
            return;
        }
        try {
            if (cursor == null) {
                cursor = PollerCursor.load(store);
            }
            cursor.saveIfChanged(); // what a failed save left (the cursor in memory is never behind the durable one)
            List<ObjectStore.StoredObject> fresh = store.list(Buckets.LANDING, "").stream()
                    .filter(o -> !InProgressObjects.isInProgress(o.key())).filter(cursor::isNew).toList();
            for (ObjectStore.StoredObject object : fresh) {
                S3EventNotification event = S3EventNotification.objectCreated(Buckets.LANDING, object.key(),
                        object.size(), object.etag());
                storageEvents.sendMessage(Message.of(EventJson.write(event))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(Buckets.LANDING + "/" + object.key()).build()))
                        .await().atMost(publishTimeout);
                // Marked only once the broker has the event. Saved at once when the object completes a labelled drop
                // (few, and each starts a preparation and a training), so a kill re-announces no drop; loose parts and
                // score images (many: one write each would grow with the bucket) are saved in one write per tick, so a
                // kill mid-tick may announce those again (predictions carry their request id, batch/key).
                cursor.markAnnounced(object);
                DropDecision decision = DropDecision.of(object.key());
                if (decision instanceof DropDecision.ArchiveDrop || decision instanceof DropDecision.MarkedDrop) {
                    cursor.saveIfChanged();
                }
            }
            cursor.saveIfChanged();
            if (!fresh.isEmpty()) {
                LOG.infof("poller announced %d new landing object(s)", fresh.size());
            }
        } catch (RuntimeException e) {
            // The next tick goes on from the cursor in memory; a transient S3 or Kafka outage loses nothing.
            LOG.warnf("landing poll failed, retrying next tick: %s", e.getMessage());
        }
    }
}
