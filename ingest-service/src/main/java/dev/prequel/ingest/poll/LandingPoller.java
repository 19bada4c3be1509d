package dev.prequel.ingest.poll;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.storage.S3EventNotification;
import dev.prequel.runtime.storage.ObjectStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * For S3 servers without bucket notifications: lists the landing bucket and writes an S3 event record,
 * in MinIO's own shape, to {@code storage.events} for each new or changed object. Everything after that
 * topic is the same code path as with MinIO's notifications. Switch it off where MinIO notifies.
 */
@ApplicationScoped
public class LandingPoller {

    private static final Logger LOG = Logger.getLogger(LandingPoller.class);

    private final ObjectStore store;
    private final MutinyEmitter<String> storageEvents;
    private final boolean enabled;
    private PollerCursor cursor;

    public LandingPoller(ObjectStore store, @Channel("storage-events-out") MutinyEmitter<String> storageEvents,
            @ConfigProperty(name = "prequel.ingest.poll.enabled") boolean enabled) {
        this.store = store;
        this.storageEvents = storageEvents;
        this.enabled = enabled;
    }

    @Scheduled(every = "${prequel.ingest.poll.interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!enabled) {
            return;
        }
        try {
            if (cursor == null) {
                cursor = PollerCursor.load(store);
            }
            List<ObjectStore.StoredObject> fresh = store.list(Buckets.LANDING, "").stream().filter(cursor::isNew).toList();
            for (ObjectStore.StoredObject object : fresh) {
                S3EventNotification event = S3EventNotification.objectCreated(Buckets.LANDING, object.key(),
                        object.size(), object.etag());
                storageEvents.sendMessageAndAwait(Message.of(EventJson.write(event))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(Buckets.LANDING + "/" + object.key()).build()));
                cursor.markAnnounced(object);
            }
            if (!fresh.isEmpty()) {
                cursor.save();
                LOG.infof("poller announced %d new landing object(s)", fresh.size());
            }
        } catch (RuntimeException e) {
            // The next tick retries from the durable cursor; a transient S3 or Kafka outage loses nothing.
            LOG.warnf("landing poll failed, retrying next tick: %s", e.getMessage());
            cursor = null;
        }
    }
}
