package dev.prequel.evaluator.judge;

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
        store.downloadAll(Buckets.MODELS, prefix, dir);
        return ModelArtifact.load(dir);
    }
}
