package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.Ids;
import dev.prequel.events.TrainingRequested;
import dev.prequel.model.artifact.IncompatibleModelException;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.train.TrainingOptions;
import dev.prequel.runtime.config.LineSettings;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.trainer.engine.EngineThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns the line owner's job into a runnable one: the line's training settings, and the version they and the job's
 * parent and data hash to. The parent and the data are the owner's decision; the planner only drops a parent whose
 * architecture, input or classes cannot be fine-tuned into this job (with a warning), which makes it a fresh start.
 */
@ApplicationScoped
public class JobPlanner {

    /** The parent version recorded for a job that starts from {@code models/<model>/base/}. */
    public static final String BASE = "base";

    private static final Logger LOG = Logger.getLogger(JobPlanner.class);

    private final ObjectStore store;
    private final EngineThreads threads;
    private final LineSettings settings = new LineSettings("trainer");

    public JobPlanner(ObjectStore store, EngineThreads threads) {
        this.store = store;
        this.threads = threads;
    }

    public TrainingJob plan(TrainingRequested request) {
        String model = request.model();
        String architecture = settings.getString(model, "architecture");
        DatasetManifest manifest = DatasetManifest.fromJson(
                store.read(Buckets.DATASETS, Buckets.manifestKey(model, request.datasetId())));
        List<String> classes = request.classes().isEmpty() ? manifest.classes() : request.classes();
        String parent = Optional.ofNullable(request.parentVersion())
                .filter(p -> compatible(model, p, architecture, manifest, classes)).orElse(null);
        TrainingJob draft = new TrainingJob(model, null, parent, request.datasetId(), architecture,
                settings.getInt(model, "epochs"), settings.getInt(model, "batch-size"),
                settings.get(model, "learning-rate", Float.class), settings.get(model, "seed", Long.class),
                request.correlationId(), TrainingJob.PENDING, null, request.jobId(), request.replay(), classes,
                settings.getString(model, "augmentation"), settings.getString(model, "learning-rate-schedule"),
                options(model));
        List<String> data = new ArrayList<>(request.dataSignature());
        return draft.withVersion(Ids.version(parent, data, draft.configSignature() + ";" + threads.signature()), parent);
    }

    /** The line's optimizer, weight decay, label smoothing, warm-up, best-epoch and early-stop settings. */
    TrainingOptions options(String model) {
        return new TrainingOptions(settings.getString(model, "optimizer"), settings.get(model, "momentum", Float.class),
                settings.get(model, "nesterov", Boolean.class), settings.get(model, "weight-decay", Float.class),
                settings.get(model, "label-smoothing", Float.class),
                settings.get(model, "learning-rate-warmup", Float.class),
                settings.get(model, "keep-best-epoch", Boolean.class), settings.getInt(model, "early-stop-patience"));
    }

    /** Where a parent version's files live in the models bucket. */
    public static String parentPrefix(String model, String parentVersion) {
        return BASE.equals(parentVersion) ? Buckets.baseModelPrefix(model) : Buckets.modelPrefix(model, parentVersion);
    }

    private boolean compatible(String model, String parent, String architecture, DatasetManifest manifest,
            List<String> classes) {
        var json = store.readIfExists(Buckets.MODELS, parentPrefix(model, parent) + ModelArtifact.DESCRIPTOR_FILE);
        if (json.isEmpty()) {
            LOG.warnf("parent %s/%s is not stored; training from scratch", model, parent);
            return false;
        }
        try {
            ModelArtifact.requireCompatible(ModelDescriptor.fromJson(json.get()), architecture, manifest.shape(), classes);
            return true;
        } catch (IncompatibleModelException e) {
            LOG.warnf("%s cannot fine-tune %s/%s, training from scratch: %s", architecture, model, parent, e.getMessage());
            return false;
        }
    }
}
