package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Training jobs as objects under {@code models/_jobs/<model>/<version>.json}: durable, and listable on restart. */
@ApplicationScoped
public class JobStore {
    static final String PREFIX = "_jobs/";

    private final ObjectStore store;

    public JobStore(ObjectStore store) {
        this.store = store;
    }

    static String key(String model, String version) {
        return PREFIX + model + "/" + version + ".json";
    }

    public Optional<TrainingJob> find(String model, String version) {
        return store.readIfExists(Buckets.MODELS, key(model, version)).map(b -> EventJson.read(b, TrainingJob.class));
    }

    public void save(TrainingJob job) {
        store.put(Buckets.MODELS, key(job.model(), job.version()), EventJson.writeBytes(job), "application/json");
    }

    public List<TrainingJob> pending() {
        return store.list(Buckets.MODELS, PREFIX).stream()
                .map(o -> EventJson.read(store.read(Buckets.MODELS, o.key()), TrainingJob.class))
                .filter(j -> TrainingJob.PENDING.equals(j.state())).toList();
    }
}
