package dev.prequel.ingest.poll;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.runtime.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The poller's durable cursor: the ETag of every landing object already announced, kept in the datasets
 * bucket so a restarted (or replaced) ingest does not announce the whole bucket again. Announcing twice
 * would still be harmless (ids are content hashes); the cursor only saves work.
 */
final class PollerCursor {
    static final String KEY = "_ingest/landing-cursor.json";

    private final ObjectStore store;
    private final Map<String, String> announced = new TreeMap<>();
    private boolean changed;

    private PollerCursor(ObjectStore store) {
        this.store = store;
    }

    static PollerCursor load(ObjectStore store) {
        PollerCursor cursor = new PollerCursor(store);
        store.readIfExists(Buckets.DATASETS, KEY).ifPresent(bytes -> {
            try {
                cursor.announced.putAll(EventJson.mapper().readValue(bytes, new TypeReference<Map<String, String>>() {
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("the poller cursor " + KEY + " is unreadable", e);
            }
        });
        return cursor;
    }

    boolean isNew(ObjectStore.StoredObject object) {
        return !String.valueOf(object.etag()).equals(announced.get(object.key()));
    }

    void markAnnounced(ObjectStore.StoredObject object) {
        changed |= !String.valueOf(object.etag()).equals(announced.put(object.key(), String.valueOf(object.etag())));
    }

    /** Writes the cursor when something was marked since the last successful write. */
    void saveIfChanged() {
        if (changed) {
            store.put(Buckets.DATASETS, KEY, EventJson.writeBytes(announced), "application/json");
            changed = false;
        }
    }
}
