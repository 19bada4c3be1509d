package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.Ids;
import dev.prequel.events.ModelPromoted;
import dev.prequel.model.artifact.IncompatibleModelException;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageShape;
import dev.prequel.runtime.champion.ChampionStore;
import dev.prequel.runtime.config.LineSettings;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides what a prepared dataset trains: the line's settings, and the parent to fine-tune — the champion,
 * else a user-supplied {@code base} model, else nothing (random initialisation). A parent whose architecture,
 * input or classes differ from the job's cannot be fine-tuned and is left out, with a warning.
 */
@ApplicationScoped
public class JobPlanner {

    /** The parent version recorded for a job that starts from {@code models/<model>/base/}. */
    public static final String BASE = "base";

    private static final Logger LOG = Logger.getLogger(JobPlanner.class);

    private final ChampionStore champions;
    private final ObjectStore store;
    private final LineSettings settings = new LineSettings("trainer");

    public JobPlanner(ChampionStore champions, ObjectStore store) {
        this.champions = champions;
        this.store = store;
    }

    public TrainingJob plan(DatasetPrepared prepared) {
        String model = prepared.model();
        String architecture = settings.getString(model, "architecture");
        ImageShape shape = new ImageShape(prepared.channels(), prepared.height(), prepared.width());
        String parent = champions.current(model).map(ModelPromoted::version)
                .or(() -> store.exists(Buckets.MODELS, Buckets.baseModelPrefix(model) + ModelArtifact.DESCRIPTOR_FILE)
                        ? Optional.of(BASE) : Optional.empty())
                .filter(p -> compatible(model, p, architecture, shape, prepared.classes()))
                .orElse(null);
        TrainingJob draft = new TrainingJob(model, null, parent, prepared.datasetId(), architecture,
                settings.getInt(model, "epochs"), settings.getInt(model, "batch-size"),
                settings.get(model, "learning-rate", Float.class), settings.get(model, "seed", Long.class),
                prepared.correlationId(), TrainingJob.PENDING, null);
        String version = Ids.version(parent, List.of(prepared.datasetId()), draft.configSignature());
        return new TrainingJob(model, version, parent, draft.datasetId(), architecture, draft.epochs(),
                draft.batchSize(), draft.learningRate(), draft.seed(), draft.correlationId(), TrainingJob.PENDING, null);
    }

    /** Where a parent version's files live in the models bucket. */
    public static String parentPrefix(String model, String parentVersion) {
        return BASE.equals(parentVersion) ? Buckets.baseModelPrefix(model) : Buckets.modelPrefix(model, parentVersion);
    }

    private boolean compatible(String model, String parent, String architecture, ImageShape shape, List<String> classes) {
        ModelDescriptor descriptor = ModelDescriptor.fromJson(
                store.read(Buckets.MODELS, parentPrefix(model, parent) + ModelArtifact.DESCRIPTOR_FILE));
        try {
            ModelArtifact.requireCompatible(descriptor, architecture, shape, classes);
            return true;
        } catch (IncompatibleModelException e) {
            LOG.warnf("%s cannot fine-tune %s/%s, training from scratch: %s", architecture, model, parent, e.getMessage());
            return false;
        }
    }
}
