package dev.prequel.preprocess.prepare;

import dev.prequel.runtime.durable.Failures;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A model line's memory of its prepared datasets, in the datasets bucket under {@code <model>/_index/}:
 * {@code datasets.json} lists them in the order they were prepared, {@code hashes-<datasetId>.bin} holds each one's
 * example identities ({@link ContentHashFile}). Preparation reads it for duplicates of earlier drops and for the
 * previous dataset to measure drift against.
 *
 * <p>Only one preparation of a line runs at a time (records are keyed by model, so a line's events are consumed
 * in order by one consumer), so the read-modify-write of the list needs no lock. Everything is written before the
 * dataset's manifest: a preparation redone after a crash finds its own entry and excludes it, so it never counts
 * its own examples as earlier ones.
 */
@ApplicationScoped
public class LineIndex {

    private static final Logger LOG = Logger.getLogger(LineIndex.class);

    private final ObjectStore store;

    public LineIndex(ObjectStore store) {
        this.store = store;
    }

    static String listKey(String model) {
        return model + "/_index/datasets.json";
    }

    static String hashesKey(String model, String datasetId) {
        return model + "/_index/hashes-" + datasetId + ".bin";
    }

    /** The line's prepared datasets, oldest first. */
    public List<String> datasets(String model) {
        return store.readIfExists(Buckets.DATASETS, listKey(model)).map(LineIndex::parseList).orElse(List.of());
    }

    private static List<String> parseList(byte[] json) {
        try {
            List<String> ids = new ArrayList<>();
            JsonNode node = EventJson.mapper().readTree(json);
            node.path("datasets").forEach(d -> ids.add(d.asText()));
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException("the line's dataset index is unreadable: " + e.getMessage(), e);
        }
    }

    /** Identities of the examples of every other prepared dataset of the line. */
    public Set<ContentHash> earlierHashes(String model, String datasetId) {
        Set<ContentHash> hashes = new HashSet<>();
        for (String id : datasets(model)) {
            if (id.equals(datasetId)) {
                continue;
            }
            store.readIfExists(Buckets.DATASETS, hashesKey(model, id)).ifPresent(bytes -> {
                try {
                    hashes.addAll(ContentHashFile.read(bytes));
                } catch (IllegalArgumentException e) {
                    // A damaged index weakens deduplication; it must not block the line.
                    LOG.warnf("ignoring the hash index of %s/%s: %s", model, id, e.getMessage());
                }
            });
        }
        return hashes;
    }

    /** The statistics of the dataset prepared before this one, if any. */
    public Optional<DatasetStats> previousStats(String model, String datasetId) {
        List<String> ids = datasets(model);
        int own = ids.indexOf(datasetId);
        int previous = (own < 0 ? ids.size() : own) - 1;
        if (previous < 0) {
            return Optional.empty();
        }
        String id = ids.get(previous);
        try {
            return store.readIfExists(Buckets.DATASETS, Buckets.statsKey(model, id)).map(DatasetStats::fromJson);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e; // an outage: wait it out rather than announce the drop without its drift check
            }
            LOG.warnf("cannot read the statistics of %s/%s to measure drift: %s", model, id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a dataset's example identities and appends it to the line's list (once). */
    public void record(String model, String datasetId, List<ContentHash> hashes) {
        store.put(Buckets.DATASETS, hashesKey(model, datasetId), ContentHashFile.write(hashes), "application/octet-stream");
        List<String> ids = new ArrayList<>(datasets(model));
        if (!ids.contains(datasetId)) {
            ids.add(datasetId);
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("model", model);
            list.put("datasets", ids);
            store.put(Buckets.DATASETS, listKey(model), EventJson.writeBytes(list), "application/json");
        }
    }
}
