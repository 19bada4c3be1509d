package dev.prequel.trainer.checkpoint;

import dev.prequel.events.Buckets;
import dev.prequel.model.artifact.IncompatibleModelException;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The weights and optimizer state of an unfinished training job after each epoch, under
 * {@code models/_checkpoints/<model>/<version>/} (params, optimizer.state, then model.json with the epochs done so
 * far). A trainer that dies mid-job continues from the last finished epoch instead of from scratch, and ends with
 * the weights an uninterrupted run would have; the checkpoint is removed once the version is written.
 */
@ApplicationScoped
public class EpochCheckpoints {

    private static final Logger LOG = Logger.getLogger(EpochCheckpoints.class);

    public static final String OPTIMIZER_FILE = "optimizer.state";
    /** Upload order: model.json last, since its presence marks the checkpoint complete. */
    static final List<String> FILES = List.of(ModelArtifact.PARAMS_FILE, OPTIMIZER_FILE, ModelArtifact.DESCRIPTOR_FILE);

    private final ObjectStore store;

    public EpochCheckpoints(ObjectStore store) {
        this.store = store;
    }

    public static String prefix(String model, String version) {
        return "_checkpoints/" + model + "/" + version + "/";
    }

    /**
     * The last checkpoint of this version, loaded, or empty when there is none or it cannot be resumed exactly:
     * one without an optimizer state (written before states were kept) or a torn one. Resuming those would give
     * other weights under the same version, so the job then runs again from epoch 1 (logged).
     */
    public Optional<Checkpoint> restore(String model, String version, Path dir) {
        String prefix = prefix(model, version);
        if (!store.exists(Buckets.MODELS, prefix + ModelArtifact.DESCRIPTOR_FILE)) {
            return Optional.empty();
        }
        store.downloadAll(Buckets.MODELS, prefix, dir);
        Path state = dir.resolve(OPTIMIZER_FILE);
        if (!Files.exists(state)) {
            LOG.warnf("%s/%s has a checkpoint without an optimizer state (an older trainer's); training again from"
                    + " epoch 1, since resuming with a fresh optimizer would give other weights", model, version);
            return Optional.empty();
        }
        LoadedModel loaded;
        try {
            loaded = ModelArtifact.load(dir);
        } catch (IncompatibleModelException e) {
            // model.json names the params' SHA-256: a save cut short leaves a mismatch, caught here.
            LOG.warnf("%s/%s has an unusable checkpoint (%s); training again from epoch 1", model, version,
                    e.getMessage());
            return Optional.empty();
        }
        LOG.infof("%s/%s continues from its checkpoint after epoch %d", model, version,
                loaded.descriptor().history().size());
        return Optional.of(new Checkpoint(loaded, read(state)));
    }

    /** Saves the model and optimizer state between two epochs; {@code descriptor} holds the epochs done so far. */
    public void save(ai.djl.Model model, ModelDescriptor descriptor, byte[] optimizerState) {
        try (WorkDirectory dir = WorkDirectory.create("prequel-checkpoint-")) {
            ModelArtifact.save(model, descriptor, dir.path());
            Files.write(dir.resolve(OPTIMIZER_FILE), optimizerState);
            String prefix = prefix(descriptor.model(), descriptor.version());
            for (String file : FILES) {
                store.put(Buckets.MODELS, prefix + file, dir.resolve(file), "application/octet-stream");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the optimizer state of " + descriptor.version(), e);
        }
    }

    public void clear(String model, String version) {
        String prefix = prefix(model, version);
        for (int i = FILES.size() - 1; i >= 0; i--) { // model.json first: a half-cleared checkpoint is not resumed
            store.remove(Buckets.MODELS, prefix + FILES.get(i));
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
