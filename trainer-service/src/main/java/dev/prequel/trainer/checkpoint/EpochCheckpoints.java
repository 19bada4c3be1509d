package dev.prequel.trainer.checkpoint;

import dev.prequel.events.Buckets;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The weights of an unfinished training job after each epoch, under {@code models/_checkpoints/<model>/<version>/}
 * (params, then model.json with the epochs done so far). A trainer that dies mid-job continues from the last
 * finished epoch instead of from scratch; the checkpoint is removed once the version is written.
 */
@ApplicationScoped
public class EpochCheckpoints {

    private static final Logger LOG = Logger.getLogger(EpochCheckpoints.class);

    private final ObjectStore store;

    public EpochCheckpoints(ObjectStore store) {
        this.store = store;
    }

    public static String prefix(String model, String version) {
        return "_checkpoints/" + model + "/" + version + "/";
    }

    /** The last checkpoint of this version, loaded, or empty when there is none. */
    public Optional<LoadedModel> restore(String model, String version, Path dir) {
        String prefix = prefix(model, version);
        if (!store.exists(Buckets.MODELS, prefix + ModelArtifact.DESCRIPTOR_FILE)) {
            return Optional.empty();
        }
        store.downloadAll(Buckets.MODELS, prefix, dir);
        LoadedModel loaded = ModelArtifact.load(dir);
        LOG.infof("%s/%s continues from its checkpoint after epoch %d", model, version,
                loaded.descriptor().history().size());
        return Optional.of(loaded);
    }

    /** Saves the model between two epochs; {@code descriptor} holds the epochs done so far. */
    public void save(ai.djl.Model model, ModelDescriptor descriptor) {
        try (WorkDirectory dir = WorkDirectory.create("prequel-checkpoint-")) {
            ModelArtifact.save(model, descriptor, dir.path());
            String prefix = prefix(descriptor.model(), descriptor.version());
            for (String file : ModelArtifact.FILES) { // model.json last: it marks the checkpoint complete
                store.put(Buckets.MODELS, prefix + file, dir.resolve(file), "application/octet-stream");
            }
        }
    }

    public void clear(String model, String version) {
        String prefix = prefix(model, version);
        store.remove(Buckets.MODELS, prefix + ModelArtifact.DESCRIPTOR_FILE);
        store.remove(Buckets.MODELS, prefix + ModelArtifact.PARAMS_FILE);
    }
}
