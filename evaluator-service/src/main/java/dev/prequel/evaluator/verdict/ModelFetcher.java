package dev.prequel.evaluator.verdict;

import dev.prequel.events.Buckets;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.runtime.storage.ObjectStore;
import java.nio.file.Path;

/** Copies a stored model version to a local directory and loads it. */
final class ModelFetcher {
    private ModelFetcher() {
    }

    static LoadedModel fetch(ObjectStore store, String model, String version, Path dir) {
        String prefix = Buckets.modelPrefix(model, version);
        for (ObjectStore.StoredObject o : store.list(Buckets.MODELS, prefix)) {
            store.download(Buckets.MODELS, o.key(), dir.resolve(o.key().substring(prefix.length())));
        }
        return ModelArtifact.load(dir);
    }
}
